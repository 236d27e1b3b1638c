//! What oslo's `URI` type asks of `rfc3986` 2.0.0: `uri_reference(value)`, then a
//! `Validator` that requires a scheme and a host, checks the scheme, host and path, and, when
//! the option lists schemes, allows only those (compared as written with the lower-cased list).
//!
//! rfc3986 does this with regular expressions; their matches are spelled out here, and each
//! function says which expression it stands for.

/// Why rfc3986 refuses a URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriError {
    /// `MissingComponentError`: no scheme, or no host (which includes an authority rfc3986
    /// cannot read: bad userinfo, a port that is not 1 to 5 digits, an IPv4 octet over 255).
    Missing(&'static str),
    /// `InvalidComponentsError`: an IPv6 zone not encoded as `%25`, `[` or `]` in the path.
    Invalid(&'static str),
    /// `UnpermittedComponentError`: a scheme the option does not list.
    SchemeNotAllowed(String),
}

impl std::fmt::Display for UriError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UriError::Missing(part) => write!(f, "it has no valid {part}"),
            UriError::Invalid(part) => write!(f, "its {part} is not valid"),
            UriError::SchemeNotAllowed(scheme) => write!(f, "its scheme {scheme:?} is not allowed"),
        }
    }
}

/// The validation oslo runs; `schemes` as the option gives them (`None` or empty: any).
pub fn check(value: &str, schemes: Option<&[String]>) -> Result<(), UriError> {
    let uri = split(value);
    let scheme = uri.scheme.ok_or(UriError::Missing("scheme"))?;
    // `URIReference.host` is None when the authority is missing, empty or unreadable.
    let host = uri.authority.filter(|a| !a.is_empty()).and_then(host_of).ok_or(UriError::Missing("host"))?;
    if !host_is_valid(host) {
        return Err(UriError::Invalid("host"));
    }
    // The path is percent-encoded first (`encode_component`), which leaves only the
    // characters rfc3986 keeps as they are: of those, `[` and `]` are no `pchar`.
    if uri.path.contains(['[', ']']) {
        return Err(UriError::Invalid("path"));
    }
    match schemes {
        Some(allowed) if !allowed.is_empty() && !allowed.iter().any(|s| s.to_lowercase() == scheme) => {
            Err(UriError::SchemeNotAllowed(scheme.to_owned()))
        }
        _ => Ok(()),
    }
}

struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
}

/// `URI_MATCHER`: `(?:(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*):)?(?://(?P<authority>[^\\/?#]*))?`
/// `(?P<path>[^?#]*)...`; the query and fragment are not checked.
fn split(s: &str) -> Parts<'_> {
    let scheme_end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
        .filter(|&end| end > 0 && s.as_bytes()[0].is_ascii_alphabetic() && s[end..].starts_with(':'));
    let (scheme, rest) = match scheme_end {
        Some(end) => (Some(&s[..end]), &s[end + 1..]),
        None => (None, s),
    };
    let (authority, rest) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find(['\\', '/', '?', '#']).unwrap_or(after.len());
            (Some(&after[..end]), &after[end..])
        }
        None => (None, rest),
    };
    let path = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
    Parts { scheme, authority, path }
}

/// `unreserved` and `sub-delims` (`[A-Za-z0-9._~\-!$&'()*+,;=]`), plus `:` for userinfo.
fn is_unreserved_or_sub_delim(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"._~-!$&'()*+,;=".contains(&c)
}

/// The length of the longest prefix of `s` made of `%XX` and of characters `ok` takes.
fn run_of(s: &str, ok: impl Fn(u8) -> bool) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if ok(b[i]) {
            i += 1;
        } else if b[i] == b'%' && b.len() > i + 2 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit() {
            i += 3;
        } else {
            break;
        }
    }
    i
}

/// `authority_info()`'s host: `SUBAUTHORITY_MATCHER`,
/// `^(?:(?P<userinfo>USERINFO)@)?(?P<host>REG_NAME|IPv4|IP_LITERAL):?(?P<port>[0-9]{1,5})?$`,
/// then its refusal of an IPv4 host with an octet over 255. `None` where it raises
/// `InvalidAuthority`.
fn host_of(authority: &str) -> Option<&str> {
    let rest = match authority.find('@') {
        Some(at) => {
            let userinfo = &authority[..at];
            let ok = |c: u8| is_unreserved_or_sub_delim(c) || c == b':';
            if userinfo.is_empty() || run_of(userinfo, ok) != userinfo.len() {
                return None;
            }
            &authority[at + 1..]
        }
        None => authority,
    };
    // `$` also matches before a last newline, which nothing else here can take.
    let rest = rest.strip_suffix('\n').unwrap_or(rest);
    let host_len = if rest.starts_with('[') {
        let close = rest.find(']')?;
        if !is_ip_literal(&rest[1..close]) {
            return None;
        }
        close + 1
    } else {
        // The greedy registered name: no shorter one can end where a port begins.
        run_of(rest, is_unreserved_or_sub_delim)
    };
    let (host, port) = rest.split_at(host_len);
    let port = port.strip_prefix(':').unwrap_or(port);
    if port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if is_dotted_quad(host) && !host.split('.').all(|octet| octet.parse::<u16>().is_ok_and(|n| n <= 255)) {
        return None;
    }
    Some(host)
}

/// `IPv4_MATCHER`: `^([0-9]{1,3}\.){3}[0-9]{1,3}$`.
fn is_dotted_quad(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4 && parts.iter().all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// What `IP_LITERAL_RE` takes between the brackets: an IPv6 address with an optional zone
/// (`%25zone`, or RFC 4007's bare `%zone`), or an `IPvFuture`.
fn is_ip_literal(inside: &str) -> bool {
    if let Some(future) = inside.strip_prefix('v') {
        let Some((version, rest)) = future.split_once('.') else { return false };
        return !version.is_empty()
            && version.bytes().all(|b| b.is_ascii_hexdigit())
            && !rest.is_empty()
            && rest.bytes().all(|b| is_unreserved_or_sub_delim(b) || b == b':');
    }
    let (address, zone) = match inside.split_once('%') {
        Some((address, zone)) => (address, Some(zone)),
        None => (inside, None),
    };
    is_ipv6(address) && zone.is_none_or(is_zone_id)
}

/// `ZONE_ID`: `(?:[A-Za-z0-9._~\-]|%XX)+`.
fn is_zone_id(zone: &str) -> bool {
    !zone.is_empty() && run_of(zone, |c| c.is_ascii_alphanumeric() || b"._~-".contains(&c)) == zone.len()
}

/// `host_is_valid`: an IPv6 zone must be encoded as `%25` (`IPv6_NO_RFC4007_MATCHER`); the
/// other hosts `host_of` returns are valid.
fn host_is_valid(host: &str) -> bool {
    match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(inside) if !inside.starts_with('v') => match inside.split_once('%') {
            Some((_, zone)) => zone.strip_prefix("25").is_some_and(is_zone_id),
            None => true,
        },
        _ => true,
    }
}

/// RFC 3986's `IPv6address` (`IPv6_RE`): eight 16-bit pieces, or fewer around one `::`; the
/// last two may be a dotted quad (whose octets this grammar does not bound).
fn is_ipv6(s: &str) -> bool {
    // The 16-bit units `part` holds (pieces separated by `:`), if it is well formed.
    let units = |part: &str, quad_last: bool| -> Option<usize> {
        if part.is_empty() {
            return Some(0);
        }
        let pieces: Vec<&str> = part.split(':').collect();
        let mut n = 0;
        for (i, piece) in pieces.iter().enumerate() {
            if quad_last && i + 1 == pieces.len() && is_dotted_quad(piece) {
                n += 2;
            } else if (1..=4).contains(&piece.len()) && piece.bytes().all(|b| b.is_ascii_hexdigit()) {
                n += 1;
            } else {
                return None;
            }
        }
        Some(n)
    };
    match s.split_once("::") {
        None => units(s, true) == Some(8),
        Some((left, right)) => match (units(left, false), units(right, true)) {
            (Some(l), Some(r)) => l + r <= 7,
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_rfc3986_accepts_and_refuses() {
        let any = |s: &str| check(s, None);
        for ok in [
            "http://example.com",
            "https://user:pw@host:8080/p?q#f",
            "http://x:99999/",
            "http://x:/",
            "http://:80/",
            "http://user@/",
            "http://[::1]/",
            "http://[fe80::1%25eth0]/",
            "http://[v1.x]/",
            "http://h/?q=[x]",
            "http://h/a b",
            "http://%41/",
            "http://[::1.2.3.999]/",
            "http://999.1/",
        ] {
            assert_eq!(any(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("http:///path", UriError::Missing("host")),
            ("mailto:a@b", UriError::Missing("host")),
            ("://x", UriError::Missing("scheme")),
            ("http://a@b@c/", UriError::Missing("host")),
            ("http://x:abc/", UriError::Missing("host")),
            ("http://x:123456/", UriError::Missing("host")),
            ("http://a b/", UriError::Missing("host")),
            ("http://a%2/", UriError::Missing("host")),
            ("http://1.2.3.256/", UriError::Missing("host")),
            ("http://[V1.x]/", UriError::Missing("host")),
            ("http://[::1", UriError::Missing("host")),
            ("http://é.com/", UriError::Missing("host")),
            ("http://[fe80::1%eth0]/", UriError::Invalid("host")),
            ("http://host/pa[th]", UriError::Invalid("path")),
        ] {
            assert_eq!(any(bad), Err(why), "{bad}");
        }
        let schemes = vec!["HTTP".to_owned(), "git+ssh".to_owned()];
        assert_eq!(check("http://h", Some(&schemes)), Ok(()));
        assert_eq!(check("HTTP://h", Some(&schemes)), Err(UriError::SchemeNotAllowed("HTTP".into())));
        assert_eq!(check("ftp://h", Some(&[])), Ok(()));
    }

    #[test]
    fn ipv6_grammar() {
        for ok in [
            "::",
            "::1",
            "1:2:3:4:5:6:7:8",
            "1::2:3:4:5:6:7",
            "1:2:3:4:5:6:7::",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:1.2.3.4",
        ] {
            assert!(is_ipv6(ok), "{ok}");
        }
        for bad in ["1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "1:2:3:4:5:6:7", "12345::", "::g", "1.2.3.4::"] {
            assert!(!is_ipv6(bad), "{bad}");
        }
    }
}
