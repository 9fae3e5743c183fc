//! A minimal W3C WebDriver client over a local `chromedriver` (JSON over HTTP/1.1 on
//! loopback): just what the browser tests need, with no client crate to compile.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The element key of the W3C protocol.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process with one headless Chromium session; both end on drop.
pub struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
}

/// Where chromedriver is, if installed.
pub fn chromedriver() -> Option<&'static str> {
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}

fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> std::io::Result<(u16, Value)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    // chromedriver keeps the connection open: read the head, then Content-Length bytes.
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    let head_end = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break raw.len();
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    while length.is_some_and(|n| raw.len() < head_end + n) {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let rest = String::from_utf8_lossy(&raw[head_end..]).into_owned();
    Ok((status, serde_json::from_str(&rest).unwrap_or(Value::Null)))
}

impl Browser {
    /// Start chromedriver on a free port and open a headless session with the given
    /// window size.
    pub fn start(driver_path: &str, width: u32, height: u32) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(20);
        while !matches!(http(addr, "GET", "/status", None), Ok((200, _))) {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-dev-shm-usage".to_string(),
            format!("--window-size={width},{height}"),
        ];
        if width < 600 {
            args.push("--force-device-scale-factor=1".into());
        }
        let mut options = json!({ "args": args });
        if Path::new("/usr/bin/chromium").exists() {
            options["binary"] = json!("/usr/bin/chromium");
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options } } });
        let mut browser = Browser {
            driver,
            addr,
            session: String::new(),
        };
        let (status, reply) = http(addr, "POST", "/session", Some(&caps)).expect("new session");
        assert_eq!(status, 200, "new session: {reply}");
        browser.session = reply["value"]["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        browser
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let path = format!("/session/{}{path}", self.session);
        let (status, reply) =
            http(self.addr, method, &path, body.as_ref()).expect("webdriver call");
        (status, reply["value"].clone())
    }

    fn ok(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, value) = self.call(method, path, body);
        assert_eq!(status, 200, "{method} {path}: {value}");
        value
    }

    /// Navigate and wait for the load.
    pub fn goto(&self, url: &str) {
        self.ok("POST", "/url", Some(json!({ "url": url })));
    }

    /// The current URL.
    pub fn url(&self) -> String {
        self.ok("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The element id of the first match of a CSS selector.
    pub fn find(&self, css: &str) -> String {
        self.try_find(css)
            .unwrap_or_else(|| panic!("no element {css} on {}", self.url()))
    }

    /// The element id of the first match, if any.
    pub fn try_find(&self, css: &str) -> Option<String> {
        let (status, value) = self.call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        let id = value[ELEMENT].as_str().map(str::to_string);
        assert!(status != 200 || id.is_some(), "find {css}: {value}");
        id.filter(|_| status == 200)
    }

    /// The first match of `css` inside the element `parent`.
    pub fn find_in(&self, parent: &str, css: &str) -> String {
        let value = self.ok(
            "POST",
            &format!("/element/{parent}/element"),
            Some(json!({ "using": "css selector", "value": css })),
        );
        value[ELEMENT].as_str().unwrap_or_default().to_string()
    }

    /// Click an element.
    pub fn click(&self, element: &str) {
        self.ok(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    /// Type into an element.
    pub fn send_keys(&self, element: &str, text: &str) {
        self.ok(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// The rendered (visible) text of an element.
    pub fn text(&self, element: &str) -> String {
        self.ok("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Whether an element is displayed.
    pub fn displayed(&self, element: &str) -> bool {
        self.ok("GET", &format!("/element/{element}/displayed"), None)
            .as_bool()
            .unwrap_or(false)
    }

    /// Run a script in the page (WebDriver's own channel, not subject to the page's CSP).
    pub fn script(&self, source: &str) -> Value {
        self.ok(
            "POST",
            "/execute/sync",
            Some(json!({ "script": source, "args": [] })),
        )
    }

    /// Whether a JavaScript dialog (alert) is open.
    pub fn alert_open(&self) -> bool {
        self.call("GET", "/alert/text", None).0 == 200
    }

    /// Save a PNG screenshot of the viewport.
    pub fn screenshot(&self, path: &Path) {
        let data = self.ok("GET", "/screenshot", None);
        let png = base64_decode(data.as_str().unwrap_or_default());
        assert!(png.starts_with(b"\x89PNG"), "screenshot is no PNG");
        std::fs::write(path, png).expect("write screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            self.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
