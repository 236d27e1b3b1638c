"""Loaded by Python at start-up in the harness's generator runs (it is on PYTHONPATH).

Some libraries default options to this machine's host name (oslo.messaging's `hostname`,
for one); the fixtures must not depend on the machine that made them.
"""
import socket

socket.gethostname = lambda: 'oracle-host'
