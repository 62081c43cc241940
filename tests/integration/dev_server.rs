//! A running `vergelijk serve` for the tests that talk to it (`serve`,
//! `search_split`): the binary on a free port of 127.0.0.1, its output
//! collected line by line, and a plain HTTP/1.1 client that sends a path
//! exactly as given. The server is killed when its guard drops, even when
//! a test fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// How long any wait for the server may take: generous, since nothing here
/// measures speed.
pub const WAIT: Duration = Duration::from_secs(120);

/// A running `vergelijk serve`, killed on drop.
pub struct Server {
    pub child: Child,
    pub port: u16,
    dir: PathBuf,
    /// The site folder, removed after the server stopped, when the server
    /// owns it.
    _owned: Option<TempDir>,
    /// Every line the server printed on stdout and stderr so far.
    output: Arc<Mutex<Vec<String>>>,
    /// The same lines, for [`Server::wait_for_line`].
    lines: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Serves the site in `dir`, which the server then owns.
    pub fn start(dir: TempDir, args: &[&str]) -> Server {
        let mut s = Server::start_in(dir.path(), args, &[]);
        s._owned = Some(dir);
        s
    }

    /// Serves the site in `dir` with extra arguments and environment.
    pub fn start_in(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vergelijk"))
            .args(["serve", "--port", "0", "--bind", "127.0.0.1"])
            .args(args)
            .current_dir(dir)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let (tx, lines) = channel::<String>();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let output = output.clone();
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    output.lock().unwrap().push(line.clone());
                    let _ = tx.send(line);
                }
            });
        }
        let mut server = Server {
            child,
            port: 0,
            dir: dir.to_path_buf(),
            _owned: None,
            output,
            lines,
        };
        let line = server.wait_for_line(|l| l.contains("http://127.0.0.1:"));
        let rest = line.split("http://127.0.0.1:").nth(1).unwrap_or_default();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        server.port = digits.parse().unwrap();
        server
    }

    /// Everything the server printed so far.
    pub fn log(&self) -> String {
        self.output.lock().unwrap().join("\n")
    }

    /// The lines the server printed so far.
    pub fn lines(&self) -> Vec<String> {
        self.output.lock().unwrap().clone()
    }

    /// The site's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The site's `content/` folder.
    pub fn content(&self) -> PathBuf {
        self.dir.join("content")
    }

    /// The next line of output (after those an earlier wait read) for
    /// which `ok` holds.
    pub fn wait_for_line(&self, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Ok(line) = self.lines.recv_timeout(left) else {
                break;
            };
            if ok(&line) {
                return line;
            }
        }
        panic!("no such line; the server said:\n{}", self.log());
    }

    pub fn get(&self, path: &str) -> Reply {
        get(self.port, path)
    }
}

/// An HTTP reply.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub bytes: Vec<u8>,
    /// `bytes` as text.
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// A GET with the path sent exactly as given (no client-side clean-up).
pub fn get(port: u16, path: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n");
    let (head, bytes) = match at {
        Some(at) => (&raw[..at], raw[at + 4..].to_vec()),
        None => (&raw[..], Vec::new()),
    };
    let head = String::from_utf8_lossy(head).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    }
}
