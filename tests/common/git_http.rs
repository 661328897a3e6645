//! A git server over HTTP on 127.0.0.1 that asks for a token: git's own `git-http-backend`
//! (smart HTTP, fetch and push) behind a small CGI bridge that demands HTTP Basic credentials,
//! as GitHub, GitLab and Azure DevOps do for HTTPS remotes.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

/// A running server; it stops with the test process.
pub struct GitHttp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Every `Authorization` header received, to prove what was sent (and what was not).
    pub seen: Arc<Mutex<Vec<String>>>,
}

impl GitHttp {
    /// Serves the bare repositories below `root`; only `Basic x-access-token:TOKEN` (any user
    /// name is accepted as long as the password is `token`) gets in.
    pub fn start(root: &Path, token: &str) -> GitHttp {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let backend = PathBuf::from(git_exec_path()).join("git-http-backend");
        let root = root.to_path_buf();
        let token = token.to_string();
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, token, backend, log) = (
                    root.clone(),
                    token.clone(),
                    backend.clone(),
                    Arc::clone(&log),
                );
                std::thread::spawn(move || {
                    let _ = serve(stream, &root, &token, &backend, &log);
                });
            }
        });
        GitHttp { base, seen }
    }
}

fn git_exec_path() -> String {
    let out = Command::new("git")
        .arg("--exec-path")
        .output()
        .expect("git runs");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn serve(
    stream: TcpStream,
    root: &Path,
    token: &str,
    backend: &Path,
    seen: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or("").to_string(),
        parts.next().unwrap_or("").to_string(),
    );
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let header = header.trim_end().to_string();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let body = read_body(&mut reader, &header)?;
    let authorization = header("authorization");
    if let Some(value) = &authorization {
        seen.lock().unwrap().push(value.clone());
    }
    let password = authorization
        .as_deref()
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(decode_base64)
        .and_then(|pair| pair.split_once(':').map(|(_, p)| p.to_string()));
    if password.as_deref() != Some(token) {
        let message = "authentication required";
        write!(
            out,
            "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{message}",
            message.len()
        )?;
        return Ok(());
    }
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let mut cgi = Command::new(backend)
        .env_clear()
        .env("GIT_PROJECT_ROOT", root)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("REMOTE_USER", "x-access-token")
        .env("REQUEST_METHOD", &method)
        .env("PATH_INFO", path)
        .env("QUERY_STRING", query)
        .env("CONTENT_TYPE", header("content-type").unwrap_or_default())
        .env("CONTENT_LENGTH", body.len().to_string())
        .env("GIT_PROTOCOL", header("git-protocol").unwrap_or_default())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    cgi.stdin.take().expect("piped").write_all(&body)?;
    let output = cgi.wait_with_output()?;
    let text = output.stdout;
    let split = text
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| text.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2)));
    let Some((end, gap)) = split else {
        return out.write_all(
            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    };
    let cgi_headers = String::from_utf8_lossy(&text[..end]).to_string();
    let content = &text[end + gap..];
    let mut status = "200 OK".to_string();
    let mut response = String::new();
    for header in cgi_headers.lines() {
        match header.split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("status") => {
                status = value.trim().to_string();
            }
            Some(_) => response.push_str(&format!("{}\r\n", header.trim_end())),
            None => {}
        }
    }
    write!(
        out,
        "HTTP/1.1 {status}\r\n{response}Content-Length: {}\r\nConnection: close\r\n\r\n",
        content.len()
    )?;
    out.write_all(content)
}

fn read_body(
    reader: &mut impl BufRead,
    header: &dyn Fn(&str) -> Option<String>,
) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                .unwrap_or(0);
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(length) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    }
    Ok(body)
}

/// Standard base64, as HTTP Basic credentials use it.
fn decode_base64(text: &str) -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.trim().bytes().filter(|c| *c != b'=') {
        let value = ALPHABET.iter().position(|a| *a == c)? as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8(out).ok()
}
