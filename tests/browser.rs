//! The HTML report in a real browser: Debian's `chromium`, headless, loads the example report
//! from a file and must run its script, lay out the heatmap and the agenda, take a non-trivial
//! screenshot, and log nothing to the console. Hostile words must stay inert in the browser too,
//! and a page with a deliberate script error must be caught, which proves the check can fail.
//!
//! Without chromium on the PATH the tests fail when `CI` is set (`.ci/run` installs it) and are
//! skipped with a message elsewhere.

mod example;

use crosswalk_report::{report_html, ReportLayout};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 2400;
/// A stuck browser fails the test instead of hanging it; a normal run takes a few seconds.
const BROWSER_DEADLINE: Duration = Duration::from_secs(180);

/// The chromium binary on the PATH, or `None` after saying why the test is skipped (on CI, a
/// missing browser is a failure).
fn chromium(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .flat_map(|folder| ["chromium", "chromium-browser"].map(|name| folder.join(name)))
            .find(|candidate| candidate.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: chromium is not installed, and CI must run the browser test: install it with `apt-get install -y chromium` (.ci/run does)"
        );
        eprintln!(
            "{test}: skipped: no chromium on the PATH (install it with `apt-get install -y chromium`; on CI this test fails without it)"
        );
    }
    found
}

/// A folder of its own for one test, under cargo's scratch space for integration tests.
fn scratch(test: &str) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("browser-{test}"));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    folder
}

/// What one headless run printed.
struct Run {
    stdout: String,
    stderr: String,
}

impl Run {
    /// Every message the page wrote to the console (chromium logs each as a `CONSOLE` line,
    /// errors and uncaught exceptions included; the report writes none).
    fn console(&self) -> Vec<&str> {
        self.stderr.lines().filter(|line| line.contains(":CONSOLE")).collect()
    }
}

/// Runs headless chromium on `page` with a fresh profile folder, and `action` (`--dump-dom`,
/// `--screenshot=...`).
fn run(browser: &Path, folder: &Path, page: &Path, action: &str) -> Run {
    let profile = folder.join(format!("profile-{}", action.trim_start_matches("--").split('=').next().unwrap_or("run")));
    let _ = std::fs::remove_dir_all(&profile);
    let (stdout_path, stderr_path) = (folder.join("stdout.txt"), folder.join("stderr.txt"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-quic",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            &format!("--window-size={WIDTH},{HEIGHT}"),
            &format!("--user-data-dir={}", profile.display()),
            action,
            &format!("file://{}", page.display()),
        ])
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).expect("a stdout file"))
        .stderr(std::fs::File::create(&stderr_path).expect("a stderr file"))
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("chromium can be waited for") {
            break status;
        }
        if started.elapsed() > BROWSER_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish {action} within {BROWSER_DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let read = |path: &Path| String::from_utf8_lossy(&std::fs::read(path).expect("chromium's output")).into_owned();
    let run = Run { stdout: read(&stdout_path), stderr: read(&stderr_path) };
    assert!(status.success(), "chromium {action} failed ({status}):\n{}", run.stderr);
    run
}

/// What is wrong with a page chromium loaded: console messages, errors the page's own hook
/// recorded, or a script that did not run.
fn page_problems(dom: &Run) -> Vec<String> {
    let mut problems: Vec<String> = dom.console().iter().map(|line| format!("console: {line}")).collect();
    if let Some(at) = dom.stdout.find("data-script-errors=") {
        problems.push(format!("the page recorded script errors: {}", &dom.stdout[at..(at + 24).min(dom.stdout.len())]));
    }
    if !dom.stdout.contains("data-script=\"ran\"") {
        problems.push("the page's script did not run to its end".to_owned());
    }
    problems
}

fn write_page(folder: &Path, html: &str) -> PathBuf {
    let page = folder.join("report.html");
    std::fs::write(&page, html).expect("the page is written");
    page
}

#[test]
fn the_example_report_renders_in_chromium_without_a_console_message() {
    let Some(browser) = chromium("the_example_report_renders_in_chromium_without_a_console_message") else { return };
    let registry = example::registry();
    let report = example::example_report(&registry);
    let folder = scratch("example");
    let page = write_page(&folder, &report_html(&report, &registry.hub, ReportLayout::default()));

    let dom = run(&browser, &folder, &page, "--dump-dom");
    assert_eq!(page_problems(&dom), Vec::<String>::new());
    let cells = registry.hub.domains.len() * report.frameworks.len();
    assert_eq!(dom.stdout.matches("<td class=\"heat ").count(), cells, "heatmap cells: hub domains × frameworks");
    let items: usize = report.agenda.iter().map(|g| g.items.len()).sum();
    assert!(items > 0);
    assert_eq!(dom.stdout.matches("<tr class=\"agenda-item\">").count(), items, "one agenda row per decision owed");
    assert!(dom.stdout.contains("<button type=\"button\">Open every explanation</button>"), "the script added its buttons");

    let screenshot = folder.join("acme-report.png");
    let shot = run(&browser, &folder, &page, &format!("--screenshot={}", screenshot.display()));
    assert_eq!(shot.console(), Vec::<&str>::new());
    let png = std::fs::read(&screenshot).expect("a screenshot is written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    let dimension = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().expect("four bytes"));
    assert_eq!((dimension(16), dimension(20)), (WIDTH, HEIGHT), "the window's size");
    // A blank page of this size compresses to about 11 KB; the report is many times that.
    assert!(png.len() > 100_000, "a screenshot with content, not a blank page: {} bytes", png.len());
    eprintln!("screenshot: {}", screenshot.display());
}

#[test]
fn hostile_words_stay_inert_in_chromium() {
    let Some(browser) = chromium("hostile_words_stay_inert_in_chromium") else { return };
    let registry = example::registry();
    let report = example::hostile_report(example::example_report(&registry));
    let folder = scratch("hostile");
    let page = write_page(&folder, &report_html(&report, &registry.hub, ReportLayout { detail: true, summary_only: false }));
    let dom = run(&browser, &folder, &page, "--dump-dom");
    assert_eq!(page_problems(&dom), Vec::<String>::new());
    assert!(!dom.stdout.contains("data-pwned=\""), "a hostile word ran as a script");
    for element in ["<img", "<textarea", "<a href=\"javascript"] {
        assert!(!dom.stdout.contains(element), "a hostile word became an element: {element}");
    }
    assert_eq!(dom.stdout.matches("<style").count(), 1, "the page's own style sheet only");
}

#[test]
fn a_script_error_on_the_page_is_caught() {
    let Some(browser) = chromium("a_script_error_on_the_page_is_caught") else { return };
    let registry = example::registry();
    let html = report_html(&example::example_report(&registry), &registry.hub, ReportLayout::default());
    let broken = html.replacen("</body>", "<script>window.deliberatelyUndefinedFunction();</script>\n</body>", 1);
    assert_ne!(broken, html);
    let folder = scratch("broken");
    let dom = run(&browser, &folder, &write_page(&folder, &broken), "--dump-dom");
    assert!(dom.console().iter().any(|line| line.contains("deliberatelyUndefinedFunction")), "the console line is seen:\n{}", dom.stderr);
    assert!(dom.stdout.contains("data-script-errors=\"1\""), "the page's own hook recorded the error");
    assert_eq!(page_problems(&dom).len(), 2, "both are reported: {:?}", page_problems(&dom));
}
