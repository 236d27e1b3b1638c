"""oslo.config namespaces for confspec's golden files.

Registered through the static dist-info beside this package, so that the real
oslo-config-generator finds them with --namespace once this folder is on PYTHONPATH.
"""
