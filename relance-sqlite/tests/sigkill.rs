//! Real crashes: the daily job runs on a SQLite file in a child process (this test binary
//! run again in child mode), which is killed with SIGKILL at random points (a seeded
//! schedule of delays) and restarted until it has run every day. Its delivery journals
//! each accepted key to a file (fsync) and honours idempotency by that journal. Checked
//! against an uninterrupted run: no key journaled twice (no notice delivered twice), the
//! same keys (none lost), and the same account histories.

#![cfg(unix)] // `Child::kill` sends SIGKILL on unix

mod common;

use chrono::NaiveDate;
use common::*;
use relance::scenario::Scenario;
use relance::*;
use relance_sqlite::SqliteStore;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD: &str = "RELANCE_SIGKILL_CHILD_DIR";
/// Customers of the sample portfolio the job keeps (the first ones, with their invoices
/// and events), so a debug build runs the 120 days in a few seconds.
const CUSTOMERS: usize = 24;
const SEED: u64 = 0x5eed_2026;
const TARGET_KILLS: u32 = 70;
const MAX_KILLS: u32 = 100;

fn scenario() -> Scenario {
    let mut s = portfolio();
    s.customers.truncate(CUSTOMERS);
    let kept: BTreeSet<CustomerId> = s.customers.iter().map(|c| c.id.clone()).collect();
    s.invoices.retain(|i| kept.contains(&i.customer));
    let invoices: BTreeSet<InvoiceId> = s.invoices.iter().map(|i| i.id.clone()).collect();
    s.events.retain(|e| invoices.contains(&e.invoice));
    s
}

/// A delivery that appends each accepted key to a journal file, synced before it answers,
/// and returns the journal's receipt for a key already there without appending again.
struct Journal {
    file: File,
    keys: BTreeSet<String>,
    replays: File,
}

impl Journal {
    fn open(dir: &Path) -> Journal {
        let path = dir.join("journal");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // A line cut by the kill was never accepted: drop it.
        let complete = text.rfind('\n').map_or(0, |i| i + 1);
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap();
        file.set_len(complete as u64).unwrap();
        let keys = text[..complete].lines().map(str::to_string).collect();
        let replays = OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("replays"))
            .unwrap();
        Journal {
            file,
            keys,
            replays,
        }
    }
}

impl Delivery for Journal {
    fn deliver(&mut self, out: &Outgoing<'_>) -> Result<Receipt, DeliveryError> {
        let key = out.action.key().as_str().to_string();
        let receipt = Receipt {
            reference: format!("journal:{key}"),
        };
        if self.keys.contains(&key) {
            // Delivered before a crash, not completed: answered from the journal.
            writeln!(self.replays, "{key}").unwrap();
            return Ok(receipt);
        }
        self.file.write_all(format!("{key}\n").as_bytes()).unwrap();
        self.file.sync_data().unwrap();
        self.keys.insert(key);
        Ok(receipt)
    }
}

/// The host's import, before the daily job starts: customers and invoices.
fn setup(dir: &Path) {
    let s = scenario();
    let mut store = SqliteStore::open(dir.join("dunning.db")).unwrap();
    load(&s, &dunning(&s), &mut store);
    store
        .connection()
        .execute_batch("CREATE TABLE job (last_day TEXT)")
        .unwrap();
}

/// The daily job: runs each day after the last one done, remembering it in the job's own
/// table, until the end of the scenario.
fn job(dir: &Path, child: bool) {
    let s = scenario();
    let dunning = dunning(&s);
    let facts = facts(&s);
    let mut store = SqliteStore::open(dir.join("dunning.db")).unwrap();
    let mut delivery = Journal::open(dir);
    if child {
        // Tells the parent the job has started, so its delay counts the job's work only.
        println!("ready");
        std::io::stdout().flush().unwrap();
    }
    let mut day = last_day(&store).map_or(s.start, next);
    while day <= s.end {
        play_day(day, &dunning, &facts, &mut store, &mut delivery).unwrap();
        let conn = store.connection();
        conn.execute("DELETE FROM job", []).unwrap();
        conn.execute("INSERT INTO job (last_day) VALUES (?1)", [day.to_string()])
            .unwrap();
        day = next(day);
    }
}

fn last_day(store: &SqliteStore) -> Option<NaiveDate> {
    let text: Option<String> = store
        .connection()
        .query_row("SELECT last_day FROM job", [], |r| r.get(0))
        .ok();
    text.map(|t| t.parse().unwrap())
}

#[test]
#[ignore = "the child process of the SIGKILL test, run by it"]
fn sigkill_child_job() {
    let dir = std::env::var(CHILD).expect("run by the SIGKILL test");
    job(Path::new(&dir), true);
}

/// The seeded schedule of delays before each kill (xorshift64*): each a fraction, from
/// 0.1 to 1.9 times `unit`, so kills land all along the job whatever the machine's speed.
struct Schedule {
    state: u64,
    unit: Duration,
}

impl Schedule {
    fn next_delay(&mut self) -> Duration {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        let r = self.state.wrapping_mul(0x2545_f491_4f6c_dd1d);
        self.unit * (10 + (r % 181) as u32) / 100
    }
}

fn journal_lines(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("journal"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn final_histories(dir: &Path) -> BTreeMap<InvoiceId, Vec<Event>> {
    let store = SqliteStore::open(dir.join("dunning.db")).unwrap();
    histories(&store.all_accounts().unwrap())
}

fn spawn(dir: &Path) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "sigkill_child_job",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(CHILD, dir)
        .stdout(Stdio::piped())
        .stderr(File::create(dir.join("stderr")).unwrap())
        .spawn()
        .unwrap()
}

#[test]
fn sigkilled_daily_job_delivers_each_notice_once_and_loses_none() {
    let started = Instant::now();
    let reference_dir = tempfile::tempdir().unwrap();
    setup(reference_dir.path());
    let job_started = Instant::now();
    job(reference_dir.path(), false);
    let job_time = job_started.elapsed();
    println!("uninterrupted job: {:.1} s", job_time.as_secs_f64());
    let reference = journal_lines(reference_dir.path());
    assert!(reference.len() > 50, "a real run: {} keys", reference.len());

    let crash_dir = tempfile::tempdir().unwrap();
    let dir: PathBuf = crash_dir.path().to_path_buf();
    setup(&dir);
    // About TARGET_KILLS lives of the job's uninterrupted length.
    let unit = job_time / TARGET_KILLS;
    let mut schedule = Schedule { state: SEED, unit };
    let s = scenario();
    let days = (s.end - s.start).num_days() + 1;
    let mut kills = 0u32;
    let mut killed_on: BTreeSet<Option<NaiveDate>> = BTreeSet::new();
    loop {
        let mut child = spawn(&dir);
        if kills >= MAX_KILLS {
            let status = child.wait().unwrap();
            assert!(
                status.success(),
                "{}",
                std::fs::read_to_string(dir.join("stderr")).unwrap()
            );
            break;
        }
        let delay = schedule.next_delay();
        // Waits for the job to start (or to end, if it fails at once).
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        let mut reader = BufReader::new(stdout);
        while reader.read_line(&mut line).unwrap() > 0 && !line.contains("ready") {
            line.clear();
        }
        let deadline = Instant::now() + delay;
        let mut exited = None;
        while Instant::now() < deadline {
            if let Some(status) = child.try_wait().unwrap() {
                exited = Some(status);
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        match exited {
            Some(status) => {
                assert!(
                    status.success(),
                    "the job failed: {}",
                    std::fs::read_to_string(dir.join("stderr")).unwrap()
                );
                break;
            }
            None => {
                child.kill().unwrap(); // SIGKILL on unix
                let _ = child.wait().unwrap();
                kills += 1;
                let conn = rusqlite::Connection::open(dir.join("dunning.db")).unwrap();
                let day: Option<String> = conn
                    .query_row("SELECT last_day FROM job", [], |r| r.get(0))
                    .ok();
                let day: Option<NaiveDate> = day.map(|d| d.parse().unwrap());
                killed_on.insert(day);
                // Keeps the pace of about TARGET_KILLS lives over the scenario whatever
                // the machine's load: shorter lives when ahead, longer when behind.
                let done = day.map_or(0, |d| (d - s.start).num_days() + 1) as f64;
                let wanted = f64::from(kills) * days as f64 / f64::from(TARGET_KILLS);
                if done > wanted {
                    schedule.unit = schedule.unit.mul_f64(0.7);
                } else if done + 3.0 < wanted {
                    schedule.unit = schedule.unit.mul_f64(1.2);
                }
            }
        }
    }
    let crashed = journal_lines(&dir);
    let replays = std::fs::read_to_string(dir.join("replays")).unwrap_or_default();
    println!(
        "SIGKILL test: {kills} kills, after {} distinct days done, {} keys delivered, {} \
         re-deliveries answered from the journal, {:.1} s",
        killed_on.len(),
        crashed.len(),
        replays.lines().count(),
        started.elapsed().as_secs_f64()
    );
    assert!(kills >= 40, "only {kills} kills: the job ended too soon");
    let unique: BTreeSet<&String> = crashed.iter().collect();
    assert_eq!(unique.len(), crashed.len(), "a key journaled twice");
    let expected: BTreeSet<&String> = reference.iter().collect();
    let lost: Vec<&&String> = expected.difference(&unique).collect();
    let added: Vec<&&String> = unique.difference(&expected).collect();
    if !(lost.is_empty() && added.is_empty()) {
        let mentions = |dir: &Path, keys: &[&&String]| -> Vec<String> {
            let h = final_histories(dir);
            h.values()
                .flatten()
                .map(|e| format!("{e:?}"))
                .filter(|e| keys.iter().any(|k| e.contains(k.as_str())))
                .collect()
        };
        panic!(
            "lost {lost:?}, added {added:?}\nreference: {:#?}\ncrashed: {:#?}",
            mentions(reference_dir.path(), &lost),
            mentions(&dir, &added)
        );
    }
    let crashed = final_histories(&dir);
    let reference = final_histories(reference_dir.path());
    let mut diffs = Vec::new();
    for (id, want) in &reference {
        let got = crashed.get(id).cloned().unwrap_or_default();
        if &got != want {
            let at = want.iter().zip(&got).take_while(|(a, b)| a == b).count();
            diffs.push(format!(
                "{id}: from event {at}\n  uninterrupted: {:?}\n  crashed:       {:?}",
                want.get(at..(at + 3).min(want.len())),
                got.get(at..(at + 3).min(got.len()))
            ));
        }
    }
    assert!(diffs.is_empty(), "histories differ:\n{}", diffs.join("\n"));
}
