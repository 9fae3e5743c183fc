//! The real [`Fetcher`]: blocking `reqwest` with rustls, bounded in time and size,
//! redirects followed by hand so that every hop passes the SSRF guard and the
//! politeness rules.

use std::collections::HashMap;
use std::io::Read;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{
    HeaderMap, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
    LOCATION, RETRY_AFTER,
};
use url::{Host, Url};

use crate::ssrf::{forbidden_reason, BlockedAddress, GuardedResolver};
use crate::{FetchError, Fetcher, Request, Response, Validators};

/// The `User-Agent` sent with every request (robots.txt rules are matched on `Parallax`).
pub const USER_AGENT: &str = concat!(
    "Parallax/",
    env!("CARGO_PKG_VERSION"),
    " (+https://example.invalid/parallax; news briefing engine)"
);

/// Limits and manners of the HTTP client.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Time allowed for a whole request, body included (per redirect hop).
    pub timeout: Duration,
    /// The largest body accepted, after decompression; larger ones are aborted.
    pub max_body: usize,
    /// The most redirects followed.
    pub max_redirects: usize,
    /// The least time between two requests to one host.
    pub min_host_delay: Duration,
    /// The longest `Retry-After` or `Crawl-delay` honoured (longer ones are capped).
    pub max_host_delay: Duration,
    /// Lift the SSRF guard (for feeds on the local machine or network).
    pub allow_private_network: bool,
    /// Addresses allowed despite the guard (one local feed server, say), while every
    /// other refused address stays refused.
    pub exempt: Vec<IpAddr>,
}

impl Default for HttpConfig {
    fn default() -> HttpConfig {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body: parallax_extract::DEFAULT_MAX_BYTES,
            max_redirects: 5,
            min_host_delay: Duration::from_secs(1),
            max_host_delay: Duration::from_secs(3600),
            allow_private_network: false,
            exempt: Vec::new(),
        }
    }
}

/// When each host may be asked again; holding a host's lock serialises its requests.
#[derive(Debug, Default)]
struct HostState {
    next_allowed: Option<Instant>,
    delay: Option<Duration>,
}

/// HTTP fetcher over blocking `reqwest`.
#[derive(Debug)]
pub struct HttpFetcher {
    client: reqwest::blocking::Client,
    config: HttpConfig,
    hosts: Mutex<HashMap<String, Arc<Mutex<HostState>>>>,
}

impl HttpFetcher {
    /// A client with these limits.
    pub fn new(config: HttpConfig) -> Result<HttpFetcher, FetchError> {
        let mut builder = reqwest::blocking::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would hide the address actually connected to from the guard.
            .no_proxy()
            .gzip(true)
            .brotli(true);
        if !config.allow_private_network {
            builder = builder.dns_resolver(Arc::new(GuardedResolver::new(config.exempt.clone())));
        }
        let client = builder
            .build()
            .map_err(|e| FetchError::Network(error_chain(&e)))?;
        Ok(HttpFetcher {
            client,
            config,
            hosts: Mutex::new(HashMap::new()),
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    fn host(&self, url: &Url) -> Arc<Mutex<HostState>> {
        let key = url.host_str().unwrap_or("").to_ascii_lowercase();
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        hosts.entry(key).or_default().clone()
    }

    fn refused(&self, ip: IpAddr) -> Option<&'static str> {
        if self.config.exempt.contains(&ip) {
            return None;
        }
        forbidden_reason(ip)
    }

    fn check_target(&self, url: &Url) -> Result<(), FetchError> {
        match url.scheme() {
            "http" | "https" => {}
            other => return Err(FetchError::Scheme(other.to_owned())),
        }
        if self.config.allow_private_network {
            return Ok(());
        }
        let ip = match url.host() {
            Some(Host::Ipv4(ip)) => ip.into(),
            Some(Host::Ipv6(ip)) => ip.into(),
            Some(Host::Domain(_)) => return Ok(()),
            None => {
                return Err(FetchError::InvalidUrl {
                    url: url.to_string(),
                    reason: "no host".into(),
                })
            }
        };
        match self.refused(ip) {
            Some(reason) => Err(FetchError::Blocked {
                target: ip.to_string(),
                reason: reason.into(),
            }),
            None => Ok(()),
        }
    }

    /// One hop: no redirect handling, politeness for the hop's host.
    fn hop(&self, url: &Url, validators: &Validators) -> Result<Hop, FetchError> {
        self.check_target(url)?;
        let host = self.host(url);
        let mut state = host.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(at) = state.next_allowed {
            let now = Instant::now();
            if at > now {
                std::thread::sleep(at - now);
            }
        }
        let result = self.send(url, validators);
        let delay = state
            .delay
            .unwrap_or(self.config.min_host_delay)
            .max(self.config.min_host_delay);
        let mut next = Instant::now() + delay;
        if let Err(FetchError::RateLimited {
            retry_after: Some(d),
            ..
        }) = &result
        {
            next = next.max(Instant::now() + (*d).min(self.config.max_host_delay));
        }
        state.next_allowed = Some(next);
        result
    }

    fn send(&self, url: &Url, validators: &Validators) -> Result<Hop, FetchError> {
        let started = Instant::now();
        let mut request = self.client.get(url.clone());
        if let Some(etag) = &validators.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(lm) = &validators.last_modified {
            request = request.header(IF_MODIFIED_SINCE, lm);
        }
        let mut response = request.send().map_err(|e| self.map_error(e, url))?;
        if !self.config.allow_private_network {
            if let Some(addr) = response.remote_addr() {
                if let Some(reason) = self.refused(addr.ip()) {
                    return Err(FetchError::Blocked {
                        target: addr.ip().to_string(),
                        reason: reason.into(),
                    });
                }
            }
        }
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if (300..400).contains(&status) && status != 304 {
            let location = header(&headers, LOCATION).ok_or(FetchError::BadRedirect)?;
            let next = url.join(&location).map_err(|_| FetchError::BadRedirect)?;
            return Ok(Hop::Redirect(next));
        }
        if status == 304 {
            return Ok(Hop::Done(Response {
                url: url.clone(),
                status,
                content_type: header(&headers, CONTENT_TYPE),
                body: Vec::new(),
                validators: validators_of(&headers).unwrap_or_else(|| validators.clone()),
                not_modified: true,
            }));
        }
        if status == 429 || status == 503 {
            return Err(FetchError::RateLimited {
                status,
                retry_after: header(&headers, RETRY_AFTER).and_then(|v| parse_retry_after(&v)),
            });
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status(status));
        }
        let cap = self.config.max_body;
        let declared = header(&headers, CONTENT_LENGTH).and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > cap as u64) {
            return Err(FetchError::TooLarge(cap));
        }
        let deadline = started + self.config.timeout;
        let mut body = Vec::with_capacity(declared.map_or(0, |n| n as usize).min(cap));
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            if Instant::now() > deadline {
                return Err(FetchError::Timeout(self.config.timeout));
            }
            let n = match response.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let text = error_chain(&e);
                    if e.kind() == std::io::ErrorKind::TimedOut || text.contains("timed out") {
                        return Err(FetchError::Timeout(self.config.timeout));
                    }
                    return Err(FetchError::Network(text));
                }
            };
            if n == 0 {
                break;
            }
            if body.len() + n > cap {
                return Err(FetchError::TooLarge(cap));
            }
            body.extend_from_slice(&chunk[..n]);
        }
        Ok(Hop::Done(Response {
            url: url.clone(),
            status,
            content_type: header(&headers, CONTENT_TYPE),
            body,
            validators: validators_of(&headers).unwrap_or_default(),
            not_modified: false,
        }))
    }

    fn map_error(&self, e: reqwest::Error, url: &Url) -> FetchError {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(err) = source {
            if let Some(blocked) = err.downcast_ref::<BlockedAddress>() {
                return FetchError::Blocked {
                    target: blocked.host.clone(),
                    reason: blocked.reason.into(),
                };
            }
            source = err.source();
        }
        if e.is_timeout() {
            return FetchError::Timeout(self.config.timeout);
        }
        FetchError::Network(format!("{}: {}", url, error_chain(&e)))
    }
}

enum Hop {
    Redirect(Url),
    Done(Response),
}

impl Fetcher for HttpFetcher {
    fn fetch(&self, request: &Request) -> Result<Response, FetchError> {
        let mut url = request.url.clone();
        let mut validators = request.validators.clone();
        for _ in 0..=self.config.max_redirects {
            match self.hop(&url, &validators)? {
                Hop::Done(response) => return Ok(response),
                Hop::Redirect(next) => {
                    // Validators belong to the URL they were issued for.
                    if next.host_str() != url.host_str() {
                        validators = Validators::default();
                    }
                    url = next;
                }
            }
        }
        Err(FetchError::TooManyRedirects(self.config.max_redirects))
    }

    fn set_host_delay(&self, host: &str, delay: Duration) {
        let state = {
            let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
            hosts.entry(host.to_ascii_lowercase()).or_default().clone()
        };
        let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
        state.delay = Some(delay.min(self.config.max_host_delay));
    }
}

fn header(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn validators_of(headers: &HeaderMap) -> Option<Validators> {
    let v = Validators {
        etag: header(headers, ETAG),
        last_modified: header(headers, LAST_MODIFIED),
    };
    (v.etag.is_some() || v.last_modified.is_some()).then_some(v)
}

/// `Retry-After`: delta seconds or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    if let Ok(secs) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value.trim()).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn user_agent_names_parallax() {
        assert!(USER_AGENT.starts_with("Parallax/"));
    }
}
