//! The SSRF guard: which addresses Parallax refuses to connect to, and a DNS resolver
//! that filters them out before any connection is made.
//!
//! Checking the host name of a URL is not enough: a public name can resolve to
//! `127.0.0.1`, and a name can resolve differently on a second lookup (DNS
//! rebinding). So the guard sits in the resolver the HTTP client connects with (the
//! address checked is the address connected to), IP-literal hosts are checked before
//! each request and each redirect hop, and the peer address of every response is
//! checked once more.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
#[cfg(feature = "http")]
use std::sync::Arc;

/// Why an address is refused, or `None` when it is a public unicast address.
pub fn forbidden_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let o = ip.octets();
    if ip.is_unspecified() || o[0] == 0 {
        Some("unspecified address")
    } else if ip.is_loopback() {
        Some("loopback address")
    } else if ip.is_private() {
        Some("private address")
    } else if ip.is_link_local() {
        // 169.254.169.254 is the metadata service of most clouds.
        Some("link-local or cloud metadata address")
    } else if o[0] == 100 && (o[1] & 0xc0) == 64 {
        // Shared address space; 100.100.100.200 is Alibaba Cloud's metadata service.
        Some("shared (carrier-grade NAT) or cloud metadata address")
    } else if o[0] == 192 && o[1] == 0 && o[2] == 0 {
        Some("IETF protocol assignment (includes cloud metadata addresses)")
    } else if ip.is_multicast() {
        Some("multicast address")
    } else if ip.is_broadcast() || o[0] >= 240 {
        Some("reserved or broadcast address")
    } else if o[0] == 198 && (o[1] & 0xfe) == 18 {
        Some("benchmarking address")
    } else {
        None
    }
}

fn forbidden_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    if let Some(v4) = ip.to_ipv4_mapped() {
        return forbidden_v4(v4);
    }
    if ip.is_unspecified() {
        Some("unspecified address")
    } else if ip.is_loopback() {
        Some("loopback address")
    } else if ip.is_multicast() {
        Some("multicast address")
    } else if (s[0] & 0xfe00) == 0xfc00 {
        // fd00:ec2::254 (AWS metadata) is in here.
        Some("unique-local address")
    } else if (s[0] & 0xffc0) == 0xfe80 || (s[0] & 0xffc0) == 0xfec0 {
        Some("link-local or site-local address")
    } else if s[0..6] == [0, 0, 0, 0, 0, 0] {
        // IPv4-compatible (deprecated) addresses embed an IPv4 address.
        Some("IPv4-compatible address")
    } else if s[0] == 0x64 && s[1] == 0xff9b {
        // NAT64 embeds an IPv4 address that may be private.
        let v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
        forbidden_v4(v4).map(|_| "NAT64 address of a refused IPv4 address")
    } else if s[0] == 0x2002 {
        let v4 = Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8);
        forbidden_v4(v4).map(|_| "6to4 address of a refused IPv4 address")
    } else if s[0] == 0x2001 && (s[1] == 0 || s[1] == 0xdb8) {
        Some("Teredo or documentation address")
    } else {
        None
    }
}

/// Refused: the error the guarded resolver returns (found again in the error chain).
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves only to refused addresses ({reason})")]
pub struct BlockedAddress {
    /// The host name looked up.
    pub host: String,
    /// Why its addresses were refused.
    pub reason: &'static str,
}

/// Resolve `host` and keep only allowed addresses: an error when none is left.
pub fn resolve_allowed(
    host: &str,
    exempt: &[IpAddr],
) -> Result<Vec<SocketAddr>, Box<dyn std::error::Error + Send + Sync>> {
    let addrs: Vec<SocketAddr> = (host, 0).to_socket_addrs()?.collect();
    let mut reason = "no address";
    let allowed: Vec<SocketAddr> = addrs
        .into_iter()
        .filter(
            |a| match forbidden_reason(a.ip()).filter(|_| !exempt.contains(&a.ip())) {
                Some(r) => {
                    reason = r;
                    false
                }
                None => true,
            },
        )
        .collect();
    if allowed.is_empty() {
        return Err(Box::new(BlockedAddress {
            host: host.to_owned(),
            reason,
        }));
    }
    Ok(allowed)
}

/// The DNS resolver installed in the HTTP client when the guard is on.
#[cfg(feature = "http")]
#[derive(Debug, Default)]
pub(crate) struct GuardedResolver {
    exempt: Arc<[IpAddr]>,
}

#[cfg(feature = "http")]
impl GuardedResolver {
    pub(crate) fn new(exempt: Vec<IpAddr>) -> GuardedResolver {
        GuardedResolver {
            exempt: exempt.into(),
        }
    }
}

#[cfg(feature = "http")]
impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        let exempt = self.exempt.clone();
        Box::pin(async move {
            // getaddrinfo blocks: keep it off the client's event loop.
            let addrs = tokio::task::spawn_blocking(move || resolve_allowed(&host, &exempt))
                .await
                .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)??;
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(s: &str) -> bool {
        forbidden_reason(s.parse().expect("address")).is_some()
    }

    #[test]
    fn refuses_every_internal_range() {
        for a in [
            "127.0.0.1",
            "127.8.9.10",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.100.100.200",
            "192.0.0.192",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fe80::1",
            "fc00::1",
            "fd00:ec2::254",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
        ] {
            assert!(refused(a), "{a} should be refused");
        }
    }

    #[test]
    fn allows_public_unicast() {
        for a in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "64:ff9b::808:808",
        ] {
            assert!(!refused(a), "{a} should be allowed");
        }
    }

    #[test]
    fn localhost_name_is_refused() {
        assert!(resolve_allowed("localhost", &[]).is_err());
    }
}
