//! The dashboard in a real browser: headless Chromium driven over WebDriver (Debian
//! `chromium` + `chromium-driver`), against the real `dyad` binary serving a store that the
//! real `dyad ingest` built from `../shared/news/tempeval3.jsonl` (2,724 world-news articles,
//! a subset of the shared news that codes in about half a minute on 2 cores) and the examples.
//!
//! First it checks that the binary serves the dashboard files of this source tree, so a
//! stale binary cannot pass for a new dashboard. Then, as a user would: type a dyad into the
//! source/target inputs (the autocomplete offers it), pick a period, press Enter; the timeline
//! draws stacked bars whose total is the API's; open an event row and read the evidence
//! sentence whose marked source, verb and target are exactly the event's spans; reload the
//! shareable URL and get the same view back; open the article with the sentence marked; press
//! Enter on an actor of the network and see only its events; run a full-text search. No
//! JavaScript error reaches the console.
//! Screenshots go to `target/browser/` (`dashboard.png`, `article.png`) as test artifacts.
//!
//! The WebDriver client is the dozen endpoints this test needs, spoken over `ureq` (already
//! the crate's HTTP test client) rather than a full async client library and its dependency
//! tree, which would cost minutes of compilation on the 2-core CI.
//!
//! Skips with a message when `../shared` is absent or when Chromium cannot be installed
//! (`scripts/browser.sh` is run first when it is missing; it needs root and the Debian
//! archive). Needs the release `dyad` binary next to the test binary (`cargo test --workspace
//! --release` builds it) or its path in `DYAD_BIN`. `DYAD_BROWSER_URL=http://...` runs the
//! browser part against a server that is already running (for working on the dashboard).

use serde_json::{json, Value};
use std::fmt;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A test failure with a message printed as written (not `Debug`-escaped).
struct Fail(String);

impl fmt::Debug for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Fail {
    fn from(s: String) -> Fail {
        Fail(s)
    }
}

type R<T> = Result<T, Fail>;

fn fail<T>(msg: impl Into<String>) -> R<T> {
    Err(Fail(msg.into()))
}

/// The repository root, without `..` (paths end up in the store as article origins).
fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

// ---------------------------------------------------------------- processes

/// A child process killed (and reaped) when the test ends, whatever way it ends.
struct Proc {
    name: &'static str,
    child: Child,
    log: PathBuf,
}

impl Proc {
    fn spawn(name: &'static str, cmd: &mut Command, log: PathBuf) -> R<Proc> {
        let out = std::fs::File::create(&log)
            .map_err(|e| Fail(format!("cannot create {}: {e}", log.display())))?;
        let err = out
            .try_clone()
            .map_err(|e| Fail(format!("cannot share {}: {e}", log.display())))?;
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| Fail(format!("cannot start {name} ({cmd:?}): {e}")))?;
        Ok(Proc { name, child, log })
    }

    /// Fails with the process's output when it has already exited.
    fn check_alive(&mut self) -> R<()> {
        if let Ok(Some(status)) = self.child.try_wait() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            return fail(format!("{} exited ({status}):\n{log}", self.name));
        }
        Ok(())
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> R<u16> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| Fail(format!("no free port: {e}")))?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|e| Fail(format!("no free port: {e}")))
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// `chromium` and `chromedriver`, installing them with `scripts/browser.sh` when missing.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let found = || Some((which("chromium")?, which("chromedriver")?));
    if let Some(both) = found() {
        return Some(both);
    }
    let script = repo_root().join("scripts/browser.sh");
    eprintln!(
        "browser test: chromium missing, running {}",
        script.display()
    );
    let _ = Command::new("bash").arg(&script).status();
    found()
}

/// The release `dyad` binary: `DYAD_BIN`, else next to this test's `deps/` folder.
fn dyad_bin() -> R<PathBuf> {
    if let Some(p) = std::env::var_os("DYAD_BIN") {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe().map_err(|e| Fail(format!("no current exe: {e}")))?;
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("dyad"))
        .ok_or_else(|| Fail(format!("no target folder above {}", exe.display())))?;
    if !bin.is_file() {
        return fail(format!(
            "the dyad binary is not at {} (build it with `cargo build --release`, or set DYAD_BIN)",
            bin.display()
        ));
    }
    Ok(bin)
}

/// `target/browser/` of the target folder this test runs from (`CARGO_TARGET_DIR` respected).
fn artifacts_dir() -> R<PathBuf> {
    let exe = std::env::current_exe().map_err(|e| Fail(format!("no current exe: {e}")))?;
    exe.ancestors()
        .nth(3)
        .map(|target| target.join("browser"))
        .ok_or_else(|| Fail(format!("no target folder above {}", exe.display())))
}

// ---------------------------------------------------------------- HTTP

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// GET a JSON API path of the dashboard's server.
fn get_json(agent: &ureq::Agent, url: &str) -> R<Value> {
    let mut res = agent
        .get(url)
        .call()
        .map_err(|e| Fail(format!("GET {url}: {e}")))?;
    let status = res.status();
    let body = res
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_string()
        .map_err(|e| Fail(format!("GET {url}: reading the body: {e}")))?;
    if !status.is_success() {
        return fail(format!("GET {url}: {status}: {body}"));
    }
    serde_json::from_str(&body).map_err(|e| Fail(format!("GET {url}: not JSON ({e}): {body}")))
}

/// Query-string encoding of one value (RFC 3986 unreserved characters kept).
fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ---------------------------------------------------------------- WebDriver

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// One WebDriver session (W3C protocol) on a running chromedriver.
struct Browser {
    agent: ureq::Agent,
    session: String,
}

impl Browser {
    fn start(driver_port: u16, chromium: &Path, profile: &Path) -> R<Browser> {
        let agent = agent();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1400,1000",
            "--force-device-scale-factor=1",
            &format!("--user-data-dir={}", profile.display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}});
        let url = format!("http://127.0.0.1:{driver_port}/session");
        let v = call(&agent, "POST", &url, Some(caps))?;
        let session = v["sessionId"]
            .as_str()
            .ok_or_else(|| Fail(format!("chromedriver gave no session id: {v}")))?
            .to_string();
        Ok(Browser {
            agent,
            session: format!("{url}/{session}"),
        })
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> R<Value> {
        call(
            &self.agent,
            method,
            &format!("{}{path}", self.session),
            body,
        )
    }

    fn goto(&self, url: &str) -> R<()> {
        self.cmd("POST", "/url", Some(json!({ "url": url })))
            .map(drop)
    }

    fn url(&self) -> R<String> {
        Ok(self
            .cmd("GET", "/url", None)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    fn find_all(&self, css: &str) -> R<Vec<String>> {
        let v = self.cmd(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The first element matching `css`, waiting for it to appear.
    fn find(&self, css: &str) -> R<String> {
        self.wait(&format!("an element {css}"), || {
            Ok(self.find_all(css)?.into_iter().next())
        })
    }

    fn click(&self, el: &str) -> R<()> {
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})))
            .map(drop)
    }

    fn type_into(&self, el: &str, text: &str) -> R<()> {
        self.cmd("POST", &format!("/element/{el}/clear"), Some(json!({})))?;
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({ "text": text })),
        )
        .map(drop)
    }

    fn text(&self, el: &str) -> R<String> {
        Ok(self
            .cmd("GET", &format!("/element/{el}/text"), None)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// Run `script` (a function body; `arguments[i]` are `args`) in the page.
    fn js(&self, script: &str, args: Value) -> R<Value> {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// The text of every element matching `css`, concatenated in document order.
    fn texts(&self, css: &str) -> R<String> {
        let v = self.js(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent).join('');",
            json!([css]),
        )?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    fn count(&self, css: &str) -> R<usize> {
        Ok(self.find_all(css)?.len())
    }

    /// Poll `probe` until it gives a value (10 s), failing with what was awaited.
    fn wait<T>(&self, what: &str, mut probe: impl FnMut() -> R<Option<T>>) -> R<T> {
        let start = Instant::now();
        loop {
            if let Some(v) = probe()? {
                return Ok(v);
            }
            if start.elapsed() > Duration::from_secs(10) {
                let shown = self.texts("body").unwrap_or_default();
                let shown: String = shown.chars().take(1500).collect();
                return fail(format!("waited 10 s for {what}; the page shows:\n{shown}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Resize the window to the whole page and save a PNG screenshot.
    fn screenshot(&self, path: &Path) -> R<()> {
        let h = self
            .js("return document.documentElement.scrollHeight;", json!([]))?
            .as_u64()
            .unwrap_or(1000);
        self.cmd(
            "POST",
            "/window/rect",
            Some(json!({"width": 1400, "height": h.clamp(800, 4000) + 90})),
        )?;
        std::thread::sleep(Duration::from_millis(300));
        let b64 = self.cmd("GET", "/screenshot", None)?;
        let png = base64_decode(b64.as_str().unwrap_or_default())?;
        if !png.starts_with(b"\x89PNG") {
            return fail("the screenshot is not a PNG");
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Fail(format!("cannot create {}: {e}", dir.display())))?;
        }
        std::fs::write(path, png).map_err(|e| Fail(format!("cannot write {}: {e}", path.display())))
    }

    /// JavaScript errors and failed requests the page logged (SEVERE entries).
    fn severe_logs(&self) -> R<Vec<String>> {
        let v = self.cmd("POST", "/se/log", Some(json!({"type": "browser"})))?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .map(|e| e["message"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = call(&self.agent, "DELETE", &self.session, None);
    }
}

/// One WebDriver command; a WebDriver error becomes a failure with its message.
fn call(agent: &ureq::Agent, method: &str, url: &str, body: Option<Value>) -> R<Value> {
    let res = match (method, body) {
        ("POST", Some(b)) => agent.post(url).send_json(b),
        ("POST", None) => agent.post(url).send_json(json!({})),
        ("DELETE", _) => agent.delete(url).call(),
        _ => agent.get(url).call(),
    };
    let mut res = res.map_err(|e| Fail(format!("WebDriver {method} {url}: {e}")))?;
    let text = res
        .body_mut()
        .with_config()
        .limit(256 << 20)
        .read_to_string()
        .map_err(|e| Fail(format!("WebDriver {method} {url}: {e}")))?;
    let v: Value = serde_json::from_str(&text)
        .map_err(|e| Fail(format!("WebDriver {method} {url}: not JSON ({e})")))?;
    let value = v.get("value").cloned().unwrap_or(Value::Null);
    if let Some(err) = value.get("error").and_then(Value::as_str) {
        let msg = value["message"].as_str().unwrap_or_default();
        let msg: String = msg.lines().next().unwrap_or_default().to_string();
        return fail(format!("WebDriver {method} {url}: {err}: {msg}"));
    }
    Ok(value)
}

/// Standard base64 (the screenshot's encoding).
fn base64_decode(s: &str) -> R<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' => continue,
            _ => return fail(format!("not base64: byte {c}")),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- the test

/// Everything the test needs running: the store, `dyad serve`, chromedriver, a session.
/// Dropped in reverse order of need: the session first, then the processes, then the files.
struct Setup {
    browser: Browser,
    _driver: Proc,
    _server: Option<Proc>,
    base: String,
    _tmp: tempfile::TempDir,
}

fn setup(shared: &Path, chromium: &Path, chromedriver: &Path) -> R<Setup> {
    let tmp = tempfile::tempdir().map_err(|e| Fail(format!("no temp dir: {e}")))?;
    let http = agent();
    let (server, base) = match std::env::var("DYAD_BROWSER_URL") {
        // For working on the dashboard: test a server that is already running.
        Ok(url) => (None, url.trim_end_matches('/').to_string()),
        Err(_) => {
            let (p, base) = serve(shared, tmp.path(), &http)?;
            (Some(p), base)
        }
    };
    let driver_port = free_port()?;
    let mut driver = Proc::spawn(
        "chromedriver",
        Command::new(chromedriver).arg(format!("--port={driver_port}")),
        tmp.path().join("chromedriver.log"),
    )?;
    let start = Instant::now();
    let status = format!("http://127.0.0.1:{driver_port}/status");
    while !call(&http, "GET", &status, None)
        .map(|v| v["ready"] == true)
        .unwrap_or(false)
    {
        driver.check_alive()?;
        if start.elapsed() > Duration::from_secs(30) {
            return fail("chromedriver was not ready within 30 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let browser = Browser::start(driver_port, chromium, &tmp.path().join("profile"))?;
    Ok(Setup {
        browser,
        _driver: driver,
        _server: server,
        base,
        _tmp: tmp,
    })
}

/// A store built by the real `dyad ingest` in `dir`, served by `dyad serve` on a free port;
/// returns the server process and its base URL once `/healthz` answers.
fn serve(shared: &Path, dir: &Path, http: &ureq::Agent) -> R<(Proc, String)> {
    let dyad = dyad_bin()?;
    let db = dir.join("dyad.db");
    let started = Instant::now();
    let out = Command::new(&dyad)
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(shared.join("news/tempeval3.jsonl"))
        .arg(repo_root().join("examples"))
        .arg(shared.join("examples"))
        .output()
        .map_err(|e| Fail(format!("cannot run {} ingest: {e}", dyad.display())))?;
    if !out.status.success() {
        return fail(format!(
            "dyad ingest failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    eprintln!(
        "browser test: store built by dyad ingest in {:.1} s: {}",
        started.elapsed().as_secs_f64(),
        String::from_utf8_lossy(&out.stderr).trim()
    );
    let port = free_port()?;
    let mut server = Proc::spawn(
        "dyad serve",
        Command::new(&dyad)
            .arg("serve")
            .arg("--db")
            .arg(&db)
            .arg("--addr")
            .arg(format!("127.0.0.1:{port}")),
        dir.join("serve.log"),
    )?;
    let base = format!("http://127.0.0.1:{port}");
    let healthz = format!("{base}/healthz");
    let start = Instant::now();
    while !http
        .get(&healthz)
        .call()
        .map(|r| r.status().is_success())
        .unwrap_or(false)
    {
        server.check_alive()?;
        if start.elapsed() > Duration::from_secs(30) {
            return fail("dyad serve did not answer /healthz within 30 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((server, base))
}

/// The dyad (3-letter country prefixes, both sides known) with the most events in the store.
fn busiest_dyad(http: &ureq::Agent, base: &str) -> R<(String, String, u64)> {
    let rows = get_json(http, &format!("{base}/api/stats?by=dyad&every=all"))?;
    let mut counts: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for r in rows.as_array().into_iter().flatten() {
        let (Some(s), Some(t)) = (r["source"].as_str(), r["target"].as_str()) else {
            continue;
        };
        let (s, t) = (s.get(..3).unwrap_or(s), t.get(..3).unwrap_or(t));
        if s != t {
            *counts.entry((s.to_string(), t.to_string())).or_default() +=
                r["count"].as_u64().unwrap_or(0);
        }
    }
    counts
        .into_iter()
        .max_by_key(|(k, n)| (*n, std::cmp::Reverse(k.clone())))
        .map(|((s, t), n)| (s, t, n))
        .ok_or_else(|| Fail("the store has no event with both a source and a target".into()))
}

/// The year with the most events of a dyad.
fn busiest_year(http: &ureq::Agent, base: &str, src: &str, tgt: &str) -> R<String> {
    let rows = get_json(
        http,
        &format!("{base}/api/stats?by=dyad&every=year&source={src}&target={tgt}"),
    )?;
    let mut years: std::collections::BTreeMap<String, u64> = Default::default();
    for r in rows.as_array().into_iter().flatten() {
        if let Some(y) = r["period"].as_str().and_then(|p| p.get(..4)) {
            *years.entry(y.to_string()).or_default() += r["count"].as_u64().unwrap_or(0);
        }
    }
    years
        .into_iter()
        .max_by_key(|(y, n)| (*n, std::cmp::Reverse(y.clone())))
        .map(|(y, _)| y)
        .ok_or_else(|| Fail(format!("no dated event of {src} -> {tgt}")))
}

#[test]
fn dashboard_timeline_evidence_article_network_search() -> R<()> {
    let shared = repo_root().join("../shared");
    let shared = shared.canonicalize().unwrap_or(shared);
    if !shared.join("news/tempeval3.jsonl").is_file() {
        eprintln!(
            "skipping the browser test: {} is absent (the shared news data)",
            shared.join("news/tempeval3.jsonl").display()
        );
        return Ok(());
    }
    let Some((chromium, chromedriver)) = browser() else {
        eprintln!(
            "skipping the browser test: chromium and chromedriver are not installed and \
             scripts/browser.sh could not install them (Debian packages chromium, chromium-driver; needs root)"
        );
        return Ok(());
    };
    let s = setup(&shared, &chromium, &chromedriver)?;
    let (b, base) = (&s.browser, s.base.as_str());
    let http = agent();
    let artifacts = artifacts_dir()?;

    // 0. The binary serves the dashboard as it is in the source tree (a stale `dyad` would
    //    test an older dashboard: `cargo test -p dyad-server` does not rebuild the binary).
    for (path, file) in [
        ("/", "index.html"),
        ("/assets/app.js", "app.js"),
        ("/assets/app.css", "app.css"),
    ] {
        let on_disk = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("assets")
                .join(file),
        )
        .map_err(|e| Fail(format!("cannot read assets/{file}: {e}")))?;
        let mut res = http
            .get(&format!("{base}{path}"))
            .call()
            .map_err(|e| Fail(format!("GET {path}: {e}")))?;
        let served = res
            .body_mut()
            .read_to_vec()
            .map_err(|e| Fail(format!("GET {path}: {e}")))?;
        if served != on_disk {
            return fail(format!(
                "{base}{path} is not assets/{file} of the source tree: the dyad binary is stale; \
                 rebuild it with `cargo build --release` (or run `cargo test --workspace --release`)"
            ));
        }
    }

    // 1. Pick the busiest dyad the way a user does: type, autocomplete, period, Enter.
    let (src, tgt, n) = busiest_dyad(&http, base)?;
    eprintln!("browser test: dyad {src} -> {tgt} ({n} events)");
    b.goto(&format!("{base}/"))?;
    let source_input = b.find("#f-source")?;
    b.type_into(&source_input, &src.to_lowercase())?;
    let offered = b.wait("the source autocomplete to offer actors", || {
        let v = b.js(
            "return Array.from(document.querySelectorAll('#actors-source option')).map(o => o.value);",
            json!([]),
        )?;
        let codes: Vec<String> = v
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_str().map(str::to_string))
            .collect();
        Ok((!codes.is_empty()).then_some(codes))
    })?;
    assert!(
        offered.iter().any(|c| c.starts_with(&src)),
        "autocomplete for {src:?} did not offer a code starting with it: {offered:?}"
    );
    // Its busiest year, so that weekly bars fill the chart; the date inputs are set by script
    // (typing into them depends on the browser's locale), the period from its menu.
    let year = busiest_year(&http, base, &src, &tgt)?;
    let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
    b.js(
        "document.querySelector('#f-from').value = arguments[0];
         document.querySelector('#f-to').value = arguments[1];
         document.querySelector('#f-every').value = 'week';",
        json!([from, to]),
    )?;
    let target_input = b.find("#f-target")?;
    b.type_into(&target_input, &format!("{tgt}\u{E007}"))?; // Enter submits the form
    b.wait("the URL to hold the dyad and the dates", || {
        let url = b.url()?;
        Ok((url.contains(&format!("source={src}"))
            && url.contains(&format!("target={tgt}"))
            && url.contains(&format!("from={from}"))
            && url.contains(&format!("to={to}")))
        .then_some(()))
    })?;

    // 2. The timeline draws bars whose total is the API's for the same dyad and dates.
    let bars = b.wait("timeline bars", || {
        let n = b.count("#timeline-chart svg rect.bar")?;
        Ok((n > 0).then_some(n))
    })?;
    let rows = get_json(
        &http,
        &format!(
            "{base}/api/stats?by=dyad&every=week&source={src}&target={tgt}&from={from}&to={to}"
        ),
    )?;
    let api_total: u64 = rows
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| !r["period"].is_null())
        .map(|r| r["count"].as_u64().unwrap_or(0))
        .sum();
    let drawn = b
        .js(
            "return document.querySelector('#timeline-chart svg').dataset.total;",
            json!([]),
        )?
        .as_str()
        .and_then(|t| t.parse::<u64>().ok());
    assert_eq!(
        drawn,
        Some(api_total),
        "events drawn in the timeline vs /api/stats"
    );
    assert!(api_total > 0);
    eprintln!("browser test: timeline {bars} bar segments, {api_total} events");

    // 3. Open the first event row: the marked spans are the event's own spans.
    let row = b.find("#events-body tr.event")?;
    let id = b
        .js("return arguments[0].dataset.id;", json!([{ ELEMENT: row }]))?
        .as_str()
        .unwrap_or_default()
        .to_string();
    let page = get_json(
        &http,
        &format!("{base}/api/events?source={src}&target={tgt}&from={from}&to={to}&limit=25"),
    )?;
    let event = page["events"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["id"] == id.as_str())
        .cloned()
        .ok_or_else(|| Fail(format!("row {id} is not in the API's first page")))?;
    b.click(&b.find("#events-body tr.event button.toggle")?)?;
    b.find("#events-body tr.evidence-row blockquote.sentence")?;
    let q = "#events-body tr.evidence-row blockquote.sentence";
    assert_eq!(
        b.texts(q)?,
        event["sentence"].as_str().unwrap_or_default(),
        "the evidence shows the sentence"
    );
    for role in ["source", "verb", "target"] {
        let want = event[role]["text"].as_str().unwrap_or_default();
        let marked = b.texts(&format!("{q} mark[data-role~='{role}']"))?;
        assert_eq!(marked, want, "marked {role} span of event {id}");
        assert!(
            !want.is_empty() || role == "verb",
            "event {id} has no {role} text"
        );
    }
    assert!(
        b.url()?.contains(&format!("event={id}")),
        "the open event is in the URL"
    );
    b.screenshot(&artifacts.join("dashboard.png"))?;

    // 4. A shareable URL: loading it again opens the same evidence.
    let shared_url = b.url()?;
    b.goto(&shared_url)?;
    b.find(&format!("#events-body tr.event.open[data-id='{id}']"))?;
    assert_eq!(
        b.texts(&format!("{q} mark[data-role~='source']"))?,
        event["source"]["text"].as_str().unwrap_or_default()
    );

    // 5. The article, with the sentence marked in its text.
    b.click(&b.find("#events-body tr.evidence-row a.article-link")?)?;
    b.find("#article mark[data-role~='sentence']")?;
    let article = get_json(
        &http,
        &format!(
            "{base}/api/articles/{}",
            enc(event["article"].as_str().unwrap_or_default())
        ),
    )?;
    if !article["text"].as_str().unwrap_or_default().is_empty() {
        assert_eq!(
            b.texts("#article mark[data-role~='sentence']")?,
            event["sentence"].as_str().unwrap_or_default(),
            "the article view marks the evidence sentence"
        );
    }
    let title = b.text(&b.find("#article h2")?)?;
    assert!(!title.is_empty(), "the article view has a title");
    b.screenshot(&artifacts.join("article.png"))?;
    b.click(&b.find("#close-article")?)?;
    b.wait("the article to close", || {
        Ok(b.js(
            "return document.querySelector('#article').hidden;",
            json!([]),
        )?
        .as_bool()
        .filter(|h| *h))
    })?;

    // 6. The network, by keyboard: Enter on an actor (a real link) filters the table to its
    //    events.
    let node = b.find("#network-chart a.node")?;
    let code = b
        .js(
            "return arguments[0].dataset.code;",
            json!([{ ELEMENT: node }]),
        )?
        .as_str()
        .unwrap_or_default()
        .to_string();
    b.cmd(
        "POST",
        &format!("/element/{node}/value"),
        Some(json!({ "text": "\u{E007}" })),
    )?;
    b.wait("the table to filter by the chosen actor", || {
        Ok(b.url()?.contains(&format!("actor={code}")).then_some(()))
    })?;
    let involved = b.wait("the actor's events", || {
        let v = b.js(
            "const rows = document.querySelectorAll('#events-body tr.event');
             if (!rows.length || document.querySelector('#events-body').getAttribute('aria-busy')) return null;
             return Array.from(rows).map(r => Array.from(r.querySelectorAll('td code')).map(c => c.textContent));",
            json!([]),
        )?;
        Ok(v.as_array().cloned())
    })?;
    for r in &involved {
        let codes: Vec<&str> = r
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        assert!(
            codes.iter().any(|c| c.starts_with(&code)),
            "a row without {code} after choosing its node: {codes:?}"
        );
    }

    // All events (no filter) span several pages: the next page holds other events, none twice.
    b.goto(&format!("{base}/"))?;
    let ids_js = "if (document.querySelector('#events-body').getAttribute('aria-busy')) return null;
         const ids = Array.from(document.querySelectorAll('#events-body tr.event')).map(r => r.dataset.id);
         return ids.length ? ids : null;";
    let first_page = b.wait("the first page of all events", || {
        Ok(b.js(ids_js, json!([]))?.as_array().cloned())
    })?;
    b.click(&b.find("#next-page")?)?;
    let second = b.wait("the second page of events", || {
        if !b.url()?.contains("cursor=") {
            return Ok(None);
        }
        let v = b.js(ids_js, json!([]))?;
        Ok(v.as_array().filter(|ids| **ids != first_page).cloned())
    })?;
    let repeated: Vec<&Value> = second.iter().filter(|id| first_page.contains(id)).collect();
    assert!(repeated.is_empty(), "events on both pages: {repeated:?}");
    let status = b.text(&b.find("#events-status")?)?;
    assert!(
        status.starts_with(&format!("Events {}–", first_page.len() + 1)),
        "the second page says where it starts: {status:?}"
    );

    // 7. Full-text search over the articles, with highlighted snippets.
    let word = event["verb"]["text"]
        .as_str()
        .filter(|w| w.chars().all(char::is_alphabetic) && w.len() > 2)
        .unwrap_or("minister")
        .to_string();
    let search = b.find("#search-input")?;
    b.type_into(&search, &format!("{word}\u{E007}"))?;
    let hits = b.wait("search results", || {
        let n = b.count("#search-results ol.hits li")?;
        Ok((n > 0).then_some(n))
    })?;
    assert!(
        b.count("#search-results mark[data-role='hit']")? > 0,
        "no highlighted word in the snippets for {word:?}"
    );
    eprintln!(
        "browser test: network node {code}: {} rows; page 2: {status}; search {word:?}: {hits} hits",
        involved.len()
    );

    // 8. No JavaScript error or failed request on the way.
    let severe = b.severe_logs()?;
    assert!(
        severe.is_empty(),
        "the browser console has errors: {severe:#?}"
    );
    eprintln!("browser test: screenshots in {}", artifacts.display());
    Ok(())
}
