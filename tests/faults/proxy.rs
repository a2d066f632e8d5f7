//! A loopback HTTP proxy between labguide and moto that a test switches, while labguide
//! runs, between forwarding and the faults a learner meets on AWS: an endpoint that is
//! down, answers that take long, server errors, throttling, and credentials that expire
//! mid-session. Faults are answered per protocol, as AWS words them, so labguide's error
//! handling reads what it would read from AWS:
//!
//! - query protocol (CloudFormation, STS, IAM): `<ErrorResponse><Error><Code>…`
//! - JSON protocols (SageMaker, Comprehend, Glue, Logs, Service Quotas): a `__type` body
//!   and the `x-amzn-ErrorType` header
//! - S3 (REST XML): `<Error><Code>…`, with S3's own codes (SlowDown, InternalError,
//!   ExpiredToken) and no body on HEAD
//!
//! Plain threads and blocking sockets: the proxy is independent of the runtime of the test
//! that uses it. Every connection carries one request: the proxy answers with
//! `Connection: close`, so no connection outlives a switch of mode.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the proxy does with a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Forward to moto and back.
    Pass,
    /// The endpoint is down: the port refuses connections. When the fault spares some
    /// actions, the port stays open and the others are hung up on without an answer.
    Down,
    /// Hold each request this long, then forward it.
    Slow(Duration),
    /// HTTP 500 with the service's internal-error body.
    Error500,
    /// HTTP 400 (S3: 503) with the service's throttling code.
    Throttle,
    /// HTTP 403/400 with the service's expired-token code: the learner's session ran out.
    ExpiredCredentials,
    /// HTTP 403/400 with the service's answer to a request signed by a clock that is off.
    ClockSkew,
    /// HTTP 400 ResourceInUseException: a delete of something still used (a classifier
    /// with a live endpoint), which the emulator accepts.
    InUse,
    /// S3 DeleteObjects answers 200 with every key refused (AccessDenied per key), as a
    /// bucket policy denying deletes does; the emulator deletes them.
    KeysRefused,
}

/// One request as the proxy saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The signing name in the request's credential scope: `cloudformation`, `sts`, ...
    pub service: String,
    /// The operation: `DescribeStacks`, `DescribeNotebookInstance`, or `HEAD /bucket` for S3.
    pub action: String,
    /// What the proxy did with it.
    pub mode: Mode,
    /// The request's body as text, to check what a call sent.
    pub body: String,
}

/// Which requests a mode applies to, by action.
enum Scope {
    All,
    /// All but these actions, which pass.
    Except(Vec<String>),
    /// Only these actions; the others pass.
    Only(Vec<String>),
}

struct Rule {
    mode: Mode,
    scope: Scope,
}

impl Rule {
    fn refuses_connections(&self) -> bool {
        self.mode == Mode::Down && matches!(self.scope, Scope::All)
    }

    fn mode_for(&self, action: &str) -> Mode {
        let applies = match &self.scope {
            Scope::All => true,
            Scope::Except(spared) => !spared.iter().any(|a| a == action),
            Scope::Only(only) => only.iter().any(|a| a == action),
        };
        if applies { self.mode } else { Mode::Pass }
    }
}

struct Shared {
    upstream: u16,
    port: u16,
    rule: Mutex<Rule>,
    stopping: AtomicBool,
    /// Requests `Slow` holds now.
    held: AtomicUsize,
    seen: Mutex<Vec<Seen>>,
}

pub struct Proxy {
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl Proxy {
    /// A proxy on a free loopback port in front of the server on `upstream`, forwarding.
    pub fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("the proxy binds a loopback port");
        let port = listener.local_addr().expect("the proxy's address").port();
        listener.set_nonblocking(true).expect("a polling listener");
        let shared = Arc::new(Shared {
            upstream,
            port,
            rule: Mutex::new(Rule {
                mode: Mode::Pass,
                scope: Scope::All,
            }),
            stopping: AtomicBool::new(false),
            held: AtomicUsize::new(0),
            seen: Mutex::new(vec![]),
        });
        let acceptor = {
            let shared = shared.clone();
            std::thread::spawn(move || accept_loop(&shared, Some(listener)))
        };
        Proxy {
            shared,
            acceptor: Some(acceptor),
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.shared.port)
    }

    /// Every request from now on meets `mode`.
    pub fn set(&self, mode: Mode) {
        self.rule(mode, Scope::All);
    }

    /// Every request from now on meets `mode`, except the actions named in `spared`,
    /// which pass (a stack is created, then watching it meets the fault).
    pub fn set_sparing(&self, mode: Mode, spared: &[&str]) {
        self.rule(mode, Scope::Except(names(spared)));
    }

    /// The actions named in `only` meet `mode` from now on; the others pass.
    pub fn set_only(&self, mode: Mode, only: &[&str]) {
        self.rule(mode, Scope::Only(names(only)));
    }

    fn rule(&self, mode: Mode, scope: Scope) {
        *self.shared.rule.lock().expect("the proxy's rule") = Rule { mode, scope };
    }

    /// Requests `Slow` holds now, not yet sent on to moto nor answered.
    pub fn held(&self) -> usize {
        self.shared.held.load(Ordering::SeqCst)
    }

    /// Every request so far, oldest first.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().expect("the proxy's log").clone()
    }

    /// How many `action` requests met `mode` so far.
    pub fn met(&self, action: &str, mode: Mode) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.action == action && s.mode == mode)
            .count()
    }

    /// Waits up to `limit` until `ok` holds for what the proxy has seen.
    pub fn wait_until(&self, what: &str, limit: Duration, ok: impl Fn(&Proxy) -> bool) {
        let start = Instant::now();
        while !ok(self) {
            assert!(
                start.elapsed() < limit,
                "waited {limit:?} for {what}; the proxy saw {:#?}",
                self.seen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn names(actions: &[&str]) -> Vec<String> {
    actions.iter().map(|a| a.to_string()).collect()
}

/// Accepts while the rule lets connections in; closes the port while the endpoint is down
/// and opens it again (the same port) when it comes back.
fn accept_loop(shared: &Arc<Shared>, mut listener: Option<TcpListener>) {
    let refusing = || {
        shared
            .rule
            .lock()
            .expect("the proxy's rule")
            .refuses_connections()
    };
    while !shared.stopping.load(Ordering::SeqCst) {
        if refusing() {
            // Nobody listens: connecting is refused, as with an endpoint that is down.
            listener = None;
            std::thread::sleep(Duration::from_millis(10));
            continue;
        }
        let l = match &listener {
            Some(l) => l,
            None => listener.insert(rebind(shared.port)),
        };
        match l.accept() {
            Ok((stream, _)) => {
                let shared = shared.clone();
                std::thread::spawn(move || handle(&shared, stream));
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
            }
            // A connection that failed before it was accepted (reset, aborted): the client
            // sees that as a network fault of its own; the proxy goes on.
            Err(e) => {
                eprintln!("the proxy could not accept a connection: {e}");
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }
}

/// Listens on `port` again; the listener polls, so the loop sees a change of mode.
fn rebind(port: u16) -> TcpListener {
    let start = Instant::now();
    loop {
        match TcpListener::bind(("127.0.0.1", port)) {
            Ok(l) => {
                l.set_nonblocking(true).expect("a polling listener");
                return l;
            }
            Err(e) => {
                assert!(
                    start.elapsed() < Duration::from_secs(10),
                    "the proxy could not listen on port {port} again: {e}"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

struct Request {
    method: String,
    target: String,
    /// Header lines as received, `Name: value`.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The signing name in `Authorization: AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request`.
    fn service(&self) -> String {
        self.header("authorization")
            .and_then(|a| a.split("Credential=").nth(1))
            .and_then(|c| c.split('/').nth(3))
            .unwrap_or("unknown")
            .to_string()
    }

    fn action(&self) -> String {
        if let Some(target) = self.header("x-amz-target") {
            // JSON protocols: `SageMaker.DescribeNotebookInstance`.
            return target.rsplit('.').next().unwrap_or(target).to_string();
        }
        let body = String::from_utf8_lossy(&self.body);
        let query = self.target.split_once('?').map_or("", |(_, q)| q);
        // Query protocol: `Action=DescribeStacks&Version=...` in the form body.
        body.split('&')
            .chain(query.split('&'))
            .find_map(|kv| kv.strip_prefix("Action="))
            .map(str::to_string)
            .unwrap_or_else(|| {
                // REST (S3): the method and the path, `GET /bucket`.
                let path = self.target.split('?').next().unwrap_or_default();
                let path = path
                    .strip_suffix('/')
                    .filter(|p| !p.is_empty())
                    .unwrap_or(path);
                format!("{} {path}", self.method)
            })
    }
}

fn handle(shared: &Shared, client: TcpStream) {
    // Accepted sockets may inherit the listener's polling mode.
    let _ = client.set_nonblocking(false);
    let _ = client.set_read_timeout(Some(Duration::from_secs(60)));
    let mut reader = BufReader::new(match client.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let Some(req) = read_request(&mut reader) else {
        return;
    };
    let service = req.service();
    let action = req.action();
    let mode = shared
        .rule
        .lock()
        .expect("the proxy's rule")
        .mode_for(&action);
    shared.seen.lock().expect("the proxy's log").push(Seen {
        service: service.clone(),
        action,
        mode,
        body: String::from_utf8_lossy(&req.body).into_owned(),
    });
    let mut client = client;
    match mode {
        Mode::Pass => forward(shared.upstream, &req, &mut client),
        Mode::Slow(hold) => {
            shared.held.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(hold);
            shared.held.fetch_sub(1, Ordering::SeqCst);
            forward(shared.upstream, &req, &mut client);
        }
        // Read, then hung up on: no answer at all.
        Mode::Down => {
            let _ = client.shutdown(std::net::Shutdown::Both);
        }
        Mode::KeysRefused => {
            let _ = client.write_all(&keys_refused(&req.body));
        }
        fault => {
            let answer = fault_answer(fault, &service, &req.method);
            let _ = client.write_all(&answer);
        }
    }
    let _ = client.flush();
}

/// One HTTP/1.1 request: head, then a body by Content-Length or chunked.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = vec![];
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            break;
        }
        let (name, value) = h.split_once(':')?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let mut req = Request {
        method,
        target,
        headers,
        body: vec![],
    };
    if req
        .header("transfer-encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            req.body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(len) = req.header("content-length") {
        let mut body = vec![0; len.parse().ok()?];
        reader.read_exact(&mut body).ok()?;
        req.body = body;
    }
    Some(req)
}

/// Sends `req` to moto on a connection of its own, and moto's whole answer back with
/// `Connection: close`. moto being down is a 502 the test would see in labguide's words.
fn forward(upstream: u16, req: &Request, client: &mut TcpStream) {
    let answer = (|| -> std::io::Result<Vec<u8>> {
        let mut up = TcpStream::connect(("127.0.0.1", upstream))?;
        let mut head = format!("{} {} HTTP/1.1\r\n", req.method, req.target);
        for (name, value) in &req.headers {
            if [
                "connection",
                "keep-alive",
                "transfer-encoding",
                "content-length",
            ]
            .iter()
            .any(|h| name.eq_ignore_ascii_case(h))
            {
                continue;
            }
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !req.body.is_empty() || req.header("content-length").is_some() {
            head.push_str(&format!("Content-Length: {}\r\n", req.body.len()));
        }
        head.push_str("Connection: close\r\n\r\n");
        up.write_all(head.as_bytes())?;
        up.write_all(&req.body)?;
        let mut answer = vec![];
        up.read_to_end(&mut answer)?;
        Ok(answer)
    })();
    let answer = match answer {
        Ok(a) if !a.is_empty() => with_connection_close(a),
        _ => response(502, &[], b"moto did not answer the proxy"),
    };
    let _ = client.write_all(&answer);
}

/// The same answer with `Connection: close` as its only connection header.
fn with_connection_close(answer: Vec<u8>) -> Vec<u8> {
    let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") else {
        return answer;
    };
    let head = String::from_utf8_lossy(&answer[..end]);
    let mut out = String::new();
    for line in head.split("\r\n") {
        let name = line.split(':').next().unwrap_or_default().trim();
        if name.eq_ignore_ascii_case("connection") || name.eq_ignore_ascii_case("keep-alive") {
            continue;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&answer[end + 4..]);
    bytes
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn response(status: u16, headers: &[(&str, String)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

const REQUEST_ID: &str = "f0a1b2c3-fault-proxy-0000-000000000000";

/// DeleteObjects' answer refusing each key the request named.
fn keys_refused(request_body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(request_body);
    let errors: String = text
        .split("<Key>")
        .skip(1)
        .filter_map(|rest| rest.split("</Key>").next())
        .map(|key| {
            format!("<Error><Key>{key}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")
        })
        .collect();
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">{errors}</DeleteResult>"
    );
    response(
        200,
        &[("Content-Type", "application/xml".into())],
        body.as_bytes(),
    )
}

/// The answer AWS gives for `fault`, in the protocol of `service`.
fn fault_answer(fault: Mode, service: &str, method: &str) -> Vec<u8> {
    if fault == Mode::InUse {
        let body = "{\"__type\":\"ResourceInUseException\",\"Message\":\"The resource is in use by an endpoint.\"}";
        return response(
            400,
            &[
                ("Content-Type", "application/x-amz-json-1.1".into()),
                ("x-amzn-RequestId", REQUEST_ID.into()),
            ],
            body.as_bytes(),
        );
    }
    match service {
        "cloudformation" | "sts" | "iam" => {
            let (status, kind, code, message) = match fault {
                Mode::Throttle => (400, "Sender", "Throttling", "Rate exceeded"),
                Mode::ExpiredCredentials => (
                    403,
                    "Sender",
                    "ExpiredToken",
                    "The security token included in the request is expired",
                ),
                Mode::ClockSkew => (
                    403,
                    "Sender",
                    "SignatureDoesNotMatch",
                    "Signature expired: 20261202T010000Z is now earlier than 20261202T020000Z (20261202T021500Z - 15 min.)",
                ),
                _ => (
                    500,
                    "Receiver",
                    "InternalFailure",
                    "The request processing has failed because of an unknown error, exception or failure.",
                ),
            };
            let body = format!(
                "<ErrorResponse xmlns=\"http://{service}.amazonaws.com/doc/\"><Error><Type>{kind}</Type>\
                 <Code>{code}</Code><Message>{message}</Message></Error>\
                 <RequestId>{REQUEST_ID}</RequestId></ErrorResponse>"
            );
            response(
                status,
                &[
                    ("Content-Type", "text/xml".into()),
                    ("x-amzn-RequestId", REQUEST_ID.into()),
                ],
                body.as_bytes(),
            )
        }
        "s3" => {
            let (status, code, message) = match fault {
                Mode::Throttle => (503, "SlowDown", "Please reduce your request rate."),
                Mode::ExpiredCredentials => {
                    (400, "ExpiredToken", "The provided token has expired.")
                }
                Mode::ClockSkew => (
                    403,
                    "RequestTimeTooSkewed",
                    "The difference between the request time and the current time is too large.",
                ),
                _ => (
                    500,
                    "InternalError",
                    "We encountered an internal error. Please try again.",
                ),
            };
            let body = if method == "HEAD" {
                String::new()
            } else {
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code>\
                     <Message>{message}</Message><RequestId>{REQUEST_ID}</RequestId>\
                     <HostId>fault-proxy</HostId></Error>"
                )
            };
            response(
                status,
                &[
                    ("Content-Type", "application/xml".into()),
                    ("x-amz-request-id", REQUEST_ID.into()),
                ],
                body.as_bytes(),
            )
        }
        _ => {
            let (status, namespace, code, message) = match fault {
                Mode::Throttle => (
                    400,
                    "com.amazon.coral.availability",
                    "ThrottlingException",
                    "Rate exceeded",
                ),
                Mode::ExpiredCredentials => (
                    400,
                    "com.amazon.coral.service",
                    "ExpiredTokenException",
                    "The security token included in the request is expired",
                ),
                Mode::ClockSkew => (
                    400,
                    "com.amazon.coral.service",
                    "InvalidSignatureException",
                    "Signature expired: 20261202T010000Z is now earlier than 20261202T020000Z (20261202T021500Z - 5 min.)",
                ),
                _ => (
                    500,
                    "com.amazon.coral.service",
                    "InternalFailure",
                    "The request processing has failed because of an unknown error, exception or failure.",
                ),
            };
            let body = format!("{{\"__type\":\"{namespace}#{code}\",\"message\":\"{message}\"}}");
            response(
                status,
                &[
                    ("Content-Type", "application/x-amz-json-1.1".into()),
                    ("x-amzn-RequestId", REQUEST_ID.into()),
                    (
                        "x-amzn-ErrorType",
                        format!("{code}:http://internal.amazon.com/coral/{namespace}/"),
                    ),
                ],
                body.as_bytes(),
            )
        }
    }
}
