//! The main job: the sample portfolio (`examples/data/portfolio.json`, embedded) dunned day
//! by day through `Dunning::run` with the default policy, its state kept in a SQLite file
//! (`relance-sqlite`). Every notice is rendered to a file; each day is printed; at the end
//! one French formal notice and one English reminder are printed in full, then a summary
//! that reconciles per currency.
//!
//! ```text
//! cargo run --release --example daily_run                          # fresh temporary db
//! cargo run --release --example daily_run -- --db dunning.db --out letters/
//! cargo run --release --example daily_run -- --db dunning.db       # again: continues
//! cargo run --release --example daily_run -- --scenario FILE       # another portfolio
//! ```
//!
//! Run twice on the same `--db`, it continues after the last day it ran: the customers and
//! invoices already stored are not added again, the facts carry external ids (recording
//! one twice changes nothing), and the delivery does not send a key it already sent.

#[path = "support/report_html.rs"]
mod report_html;

use relance::notice::{Creditor, NoticeContent, RenderedNotice, Templates, render};
use relance::penalties::RateTables;
use relance::scenario::Scenario;
use relance::*;
use relance_sqlite::SqliteStore;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const PORTFOLIO: &str = include_str!("data/portfolio.json");

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The command line.
#[derive(Default)]
struct Args {
    db: Option<PathBuf>,
    out: Option<PathBuf>,
    scenario: Option<PathBuf>,
}

fn parse_args() -> Res<Args> {
    let mut args = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .map(PathBuf::from)
                .ok_or(format!("{a} needs a value"))
        };
        match a.as_str() {
            "--db" => args.db = Some(value()?),
            "--out" => args.out = Some(value()?),
            "--scenario" => args.scenario = Some(value()?),
            _ => {
                return Err(format!(
                    "unknown argument {a} (--db FILE, --out DIR, --scenario FILE)"
                )
                .into());
            }
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    match daily_run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn daily_run() -> Res<()> {
    let started = Instant::now();
    let args = parse_args()?;
    let scenario: Scenario = match &args.scenario {
        Some(path) => serde_json::from_str(&std::fs::read_to_string(path)?)?,
        None => serde_json::from_str(PORTFOLIO)?,
    };
    let db = args
        .db
        .unwrap_or_else(|| fresh_path("relance-daily-run", ".db"));
    let out = args
        .out
        .unwrap_or_else(|| fresh_path("relance-notices", ""));
    std::fs::create_dir_all(&out)?;
    let mut store = SqliteStore::open(&db)?;
    host_tables(store.connection())?;
    let dunning = engine(&scenario)?;
    import(&mut store, &scenario)?;
    let last = last_day(store.connection())?;
    println!(
        "relance daily run: {} customers, {} invoices, {} facts, {} to {}",
        scenario.customers.len(),
        scenario.invoices.len(),
        scenario.events.len(),
        scenario.start,
        scenario.end
    );
    println!("database: {}\nnotices:  {}", db.display(), out.display());
    match last {
        Some(d) => println!("continuing after {d}, the last day run on this database\n"),
        None => println!(),
    }
    let names: BTreeMap<CustomerId, String> = scenario
        .customers
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let facts = facts(&scenario);
    let mut delivery = Letters::new(Connection::open(&db)?, out.clone());
    let mut day = last.map_or(Some(scenario.start), |d| d.succ_opt());
    while let Some(d) = day.filter(|d| *d <= scenario.end) {
        play_day(d, &dunning, &facts, &mut store, &mut delivery, &names)?;
        set_last_day(store.connection(), d)?;
        day = d.succ_opt();
    }
    print_examples(store.connection())?;
    summary(&store, scenario.end)?;
    report_page(&store, &dunning, &scenario, &out)?;
    // Folds the write-ahead log into the database file, so its size is the data's.
    store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    let size = file_size(&db) + file_size(&PathBuf::from(format!("{}-wal", db.display())));
    println!(
        "\nwall time {:.1} s; database {} KiB ({})",
        started.elapsed().as_secs_f64(),
        size / 1024,
        db.display()
    );
    Ok(())
}

/// The analytics page of the run (ageing, DSO by month, cases per stage, effectiveness
/// per step), next to the notices.
fn report_page(store: &SqliteStore, dunning: &Dunning, s: &Scenario, out: &Path) -> Res<()> {
    let mut portfolio: Vec<CustomerAccounts> = store
        .customers()?
        .into_iter()
        .map(|customer| CustomerAccounts {
            customer,
            accounts: Vec::new(),
        })
        .collect();
    for a in store.all_accounts()? {
        if let Some(ca) = portfolio
            .iter_mut()
            .find(|ca| ca.customer.id == a.invoice().customer)
        {
            ca.accounts.push(a);
        }
    }
    let (_, html) = report_html::build(
        "relance: receivables report",
        dunning.book(),
        &portfolio,
        s.start,
        s.end,
    )?;
    let page = out.join("report.html");
    std::fs::write(&page, html)?;
    println!("analytics page: {}", page.display());
    Ok(())
}

/// A path in the temporary directory no earlier run used.
fn fresh_path(stem: &str, ext: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    std::env::temp_dir().join(format!("{stem}-{}-{nanos}{ext}", std::process::id()))
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// The job's own tables, beside the store's: how far it got, and what it sent.
fn host_tables(conn: &Connection) -> Res<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS daily_run (last_day TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS sent (
             key TEXT PRIMARY KEY NOT NULL, day TEXT, customer TEXT NOT NULL,
             kind TEXT NOT NULL, stage TEXT, channel TEXT, language TEXT, file TEXT,
             text TEXT NOT NULL);",
    )?;
    Ok(())
}

fn last_day(conn: &Connection) -> Res<Option<chrono::NaiveDate>> {
    let text: Option<String> = conn
        .query_row("SELECT max(last_day) FROM daily_run", [], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(text.map(|t| t.parse()).transpose()?)
}

fn set_last_day(conn: &Connection, day: chrono::NaiveDate) -> Res<()> {
    conn.execute("DELETE FROM daily_run", [])?;
    conn.execute(
        "INSERT INTO daily_run (last_day) VALUES (?1)",
        [day.to_string()],
    )?;
    Ok(())
}

/// The scenario's ladders and the default policy with the built-in late-payment tables.
fn engine(s: &Scenario) -> Res<Dunning> {
    let fallback = s.ladders.first().map(|l| l.id.clone());
    let book = LadderBook::with_defaults(s.ladders.clone(), s.defaults.clone(), fallback)?;
    let mut policy = s.policy.clone().unwrap_or_default();
    if s.late_penalties && policy.rates.is_none() {
        policy = policy.with_rates(RateTables::builtin());
    }
    Ok(Dunning::new(book, policy)?)
}

/// Adds the customers and invoices the database does not have yet, in one transaction.
fn import(store: &mut SqliteStore, s: &Scenario) -> Res<()> {
    let known: Vec<CustomerId> = store.customers()?.into_iter().map(|c| c.id).collect();
    let customers: Vec<Customer> = s
        .customers
        .iter()
        .filter(|c| !known.contains(&c.id))
        .map(|c| c.to_customer())
        .collect();
    store.add_customers(&customers)?;
    let mut invoices = Vec::new();
    for i in &s.invoices {
        if store.account(&i.id)?.is_none() {
            invoices.push(i.to_invoice()?);
        }
    }
    store.add_invoices(invoices)?;
    Ok(())
}

/// The scenario's facts by day, each with an external id, so a rerun records none twice.
fn facts(s: &Scenario) -> BTreeMap<chrono::NaiveDate, Vec<Fact>> {
    let mut out: BTreeMap<chrono::NaiveDate, Vec<Fact>> = BTreeMap::new();
    for (n, e) in s.events.iter().enumerate() {
        let event = Event::new(&e.invoice, e.date, e.kind.to_event_kind());
        if let Ok(f) = Fact::try_from(event) {
            let id = format!("portfolio-{n}");
            out.entry(e.date).or_default().push(f.with_external_id(id));
        }
    }
    out
}

/// One day: the approvals asked for earlier are granted (a person looks each morning), the
/// day's facts recorded, then the run; what was sent is printed.
fn play_day(
    day: chrono::NaiveDate,
    dunning: &Dunning,
    facts: &BTreeMap<chrono::NaiveDate, Vec<Fact>>,
    store: &mut SqliteStore,
    delivery: &mut Letters,
    names: &BTreeMap<CustomerId, String>,
) -> Res<()> {
    let grants = approvals(store, day)?;
    for r in dunning.record(store, &grants)?.rejected() {
        println!("{day}  approval refused on {}: {:?}", r.invoice, r.result);
    }
    for f in facts.get(&day).into_iter().flatten() {
        let report = dunning.record(store, std::slice::from_ref(f))?;
        for r in report.rejected() {
            println!("{day}  fact refused on {}: {:?}", r.invoice, r.result);
        }
    }
    let report = dunning.run(day, store, delivery, RunOptions::new())?;
    for f in &report.failed {
        println!("{day}  not delivered {}: {}", f.key, f.error);
    }
    for action in delivery.take_sent() {
        print_action(day, &action, names);
    }
    Ok(())
}

/// Grants the approvals asked for before `day` and still waiting.
fn approvals(store: &SqliteStore, day: chrono::NaiveDate) -> Res<Vec<Fact>> {
    let waiting: Vec<String> = store
        .connection()
        .prepare_cached(
            "SELECT DISTINCT invoice FROM events
             WHERE json_extract(body, '$.type') = 'approval_requested' AND
                   json_extract(body, '$.date') < ?1",
        )?
        .query_map([day.to_string()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut grants = Vec::new();
    for id in waiting {
        let Some(acc) = store.account(&id.as_str().into())? else {
            continue;
        };
        if let Status::AwaitingApproval {
            step,
            granted: false,
            ..
        } = acc.status()
        {
            let fact = Fact::new(
                &acc.invoice().id,
                day,
                EventKind::ApprovalGranted { step: *step },
            )?;
            grants.push(fact.with_external_id(format!("approval-{id}-{step}")));
        }
    }
    Ok(grants)
}

fn print_action(day: chrono::NaiveDate, action: &Action, names: &BTreeMap<CustomerId, String>) {
    let name = names.get(action.customer()).map_or("?", String::as_str);
    let Action::Notice(n) = action else {
        println!(
            "{day}  {:<28} task for a person: {} ({} invoice(s))",
            name,
            action.kind().replace('_', " "),
            action.invoices().len()
        );
        return;
    };
    let mut extra = String::new();
    if !n.fees.is_zero() {
        extra.push_str(&format!(", fee {}", n.fees));
    }
    if !n.interest.is_zero() || !n.fixed_compensation.is_zero() {
        extra.push_str(&format!(
            ", interest {} + compensation {}",
            n.interest, n.fixed_compensation
        ));
    }
    if let Some(d) = n.deadline {
        extra.push_str(&format!(", pay by {d}"));
    }
    println!(
        "{day}  {:<28} {:<22} {:<17} {} invoice(s), {} due, {} claimed{extra}",
        name,
        n.step_name,
        n.channel.as_str(),
        n.lines.len(),
        n.amount_due,
        n.total_claimable,
    );
}

/// A delivery that renders every notice to a file and records each key it sent in the
/// job's `sent` table: a key already there is answered with its first receipt, unsent
/// again (the idempotency a `Delivery` owes, here across runs of the job).
struct Letters {
    conn: Connection,
    out: PathBuf,
    creditor: Creditor,
    templates: Templates,
    sent: Vec<Action>,
}

impl Letters {
    fn new(conn: Connection, out: PathBuf) -> Letters {
        let mut creditor = Creditor::new(
            "Atelier Dupont SARL",
            "RCS Lyon 512 345 678",
            "FR76 3000 6000 0112 3456 7890 189",
            "DUP",
        );
        creditor.bic = Some("AGRIFRPP".into());
        creditor.city = "Lyon".into();
        creditor.address = vec!["8 quai Saint-Antoine".into(), "69002 Lyon".into()];
        creditor.email = Some("relances@atelier-dupont.example".into());
        creditor.phone = Some("+33 4 72 00 00 00".into());
        Letters {
            conn,
            out,
            creditor,
            templates: Templates::new(),
            sent: Vec::new(),
        }
    }

    /// The actions sent since the last call.
    fn take_sent(&mut self) -> Vec<Action> {
        std::mem::take(&mut self.sent)
    }

    fn already_sent(&self, key: &str) -> Result<Option<String>, rusqlite::Error> {
        self.conn
            .query_row("SELECT file FROM sent WHERE key = ?1", [key], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()
            .map(|f| f.map(|f| f.unwrap_or_else(|| format!("task:{key}"))))
    }

    /// The notice as sent: its file name (in `out`) and the text to read.
    fn write(&self, out: &Outgoing<'_>, notice: &Notice) -> Res<(String, String)> {
        let content =
            NoticeContent::build(notice, out.customer, &self.creditor, out.ladder, out.policy)?;
        let rendered = render(&content, &self.templates)?;
        let (text, html) = match &rendered {
            RenderedNotice::Email(e) => (
                format!(
                    "To: {}\nSubject: {}\n\n{}",
                    e.to.as_deref().unwrap_or("-"),
                    e.subject,
                    e.text
                ),
                Some(e.html.clone()),
            ),
            other => (other.to_text(), None),
        };
        let file = format!("{}-{}.txt", notice.as_of, notice.key.as_str());
        std::fs::write(self.out.join(&file), &text)?;
        if let Some(html) = html {
            std::fs::write(self.out.join(file.replace(".txt", ".html")), html)?;
        }
        Ok((file, text))
    }

    fn deliver_notice(&mut self, out: &Outgoing<'_>, notice: &Notice) -> Res<Receipt> {
        let (file, text) = self.write(out, notice)?;
        self.conn.execute(
            "INSERT INTO sent (key, day, customer, kind, stage, channel, language, file, text)
             VALUES (?1, ?2, ?3, 'notice', ?4, ?5, ?6, ?7, ?8)",
            params![
                notice.key.as_str(),
                notice.as_of.to_string(),
                notice.customer.as_str(),
                notice.stage.as_str(),
                notice.channel.as_str(),
                out.customer.language.code(),
                file,
                text
            ],
        )?;
        Ok(Receipt { reference: file })
    }

    fn deliver_task(&mut self, out: &Outgoing<'_>) -> Res<Receipt> {
        let a = out.action;
        let text = format!("{} for {}: {:?}", a.kind(), out.customer.name, a.invoices());
        self.conn.execute(
            "INSERT INTO sent (key, customer, kind, text) VALUES (?1, ?2, ?3, ?4)",
            params![a.key().as_str(), a.customer().as_str(), a.kind(), text],
        )?;
        Ok(Receipt {
            reference: format!("task:{}", a.key()),
        })
    }
}

impl Delivery for Letters {
    fn deliver(&mut self, out: &Outgoing<'_>) -> Result<Receipt, DeliveryError> {
        let transient = |e: &dyn std::fmt::Display| DeliveryError::Transient {
            reason: e.to_string(),
        };
        if let Some(reference) = self
            .already_sent(out.action.key().as_str())
            .map_err(|e| transient(&e))?
        {
            return Ok(Receipt { reference });
        }
        let receipt = match out.action {
            Action::Notice(n) => self.deliver_notice(out, n),
            _ => self.deliver_task(out),
        }
        .map_err(|e| DeliveryError::Permanent {
            reason: e.to_string(),
        })?;
        self.sent.push(out.action.clone());
        Ok(receipt)
    }
}

/// One French formal notice and one English reminder, in full, from what was sent.
fn print_examples(conn: &Connection) -> Res<()> {
    for (title, language, stage) in [
        ("A French formal notice", "fr", "formal_notice"),
        ("An English reminder", "en", "amicable"),
    ] {
        let found: Option<(String, String)> = conn
            .query_row(
                "SELECT file, text FROM sent WHERE kind = 'notice' AND language = ?1 AND stage = ?2
                 ORDER BY channel = 'email' DESC, day, key LIMIT 1",
                [language, stage],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match found {
            Some((file, text)) => println!("\n======== {title} ({file}) ========\n{text}"),
            None => println!("\n======== {title}: none was sent ========"),
        }
    }
    Ok(())
}

/// Sums per currency code.
#[derive(Default)]
struct Totals {
    invoiced: Decimal,
    paid: Decimal,
    credited: Decimal,
    written_off: Decimal,
    outstanding: Decimal,
    received: Decimal,
    credit_balance: Decimal,
    credit_used: Decimal,
    minor_unit: u32,
    /// Fees, interest, compensation: claimed, recovered, waived, open.
    accessories: [[Decimal; 4]; 3],
}

fn summary(store: &SqliteStore, end: chrono::NaiveDate) -> Res<()> {
    let mut by_currency: BTreeMap<String, Totals> = BTreeMap::new();
    let mut states: BTreeMap<&'static str, usize> = BTreeMap::new();
    for a in store.all_accounts()? {
        *states.entry(a.state(end).name()).or_default() += 1;
        let t = by_currency
            .entry(a.invoice().currency.code().to_string())
            .or_default();
        add_account(t, &a)?;
    }
    println!("\n== Summary on {end}");
    print_counts(store.connection())?;
    println!("invoices by state: {states:?}");
    for (code, t) in &by_currency {
        print_totals(code, t)?;
    }
    Ok(())
}

fn add_account(t: &mut Totals, a: &Account) -> Res<()> {
    let add = |x: &mut Decimal, y: Decimal| -> Res<()> {
        *x = checked_add(*x, y)?;
        Ok(())
    };
    let c = a.claim();
    add(&mut t.invoiced, c.principal.claimed)?;
    add(&mut t.paid, c.principal.paid)?;
    add(&mut t.credited, c.principal.waived)?;
    if matches!(a.status(), Status::WrittenOff { .. }) {
        add(&mut t.written_off, c.principal.open)?;
    } else {
        add(&mut t.outstanding, c.principal.open)?;
    }
    add(&mut t.received, a.paid().amount)?;
    add(&mut t.credit_balance, c.credit_balance.amount)?;
    add(&mut t.credit_used, c.credit_used.amount)?;
    t.minor_unit = a.invoice().currency.minor_unit();
    for (row, item) in t
        .accessories
        .iter_mut()
        .zip([c.fees, c.interest, c.compensation])
    {
        for (x, y) in row
            .iter_mut()
            .zip([item.claimed, item.paid, item.waived, item.open])
        {
            add(x, y)?;
        }
    }
    Ok(())
}

fn print_counts(conn: &Connection) -> Res<()> {
    let mut stmt = conn.prepare(
        "SELECT kind, coalesce(stage, ''), count(*) FROM sent GROUP BY 1, 2 ORDER BY 1, 2",
    )?;
    let rows: Vec<(String, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let parts: Vec<String> = rows
        .iter()
        .map(|(k, s, n)| {
            if s.is_empty() {
                format!("{k} {n}")
            } else {
                format!("{k} ({s}) {n}")
            }
        })
        .collect();
    println!("sent: {}", parts.join(", "));
    Ok(())
}

/// An amount with its currency's decimals.
fn amount(d: Decimal, t: &Totals) -> String {
    let mut d = d;
    d.rescale(t.minor_unit);
    d.to_string()
}

/// Prints a currency's totals and checks that they reconcile: the principal invoiced is
/// paid, credited, written off or outstanding, and the money received paid the principal,
/// the accessories, or is the customers' credit.
fn print_totals(code: &str, t: &Totals) -> Res<()> {
    let a = |d| amount(d, t);
    let principal = [t.paid, t.credited, t.written_off, t.outstanding]
        .into_iter()
        .try_fold(Decimal::ZERO, checked_add)?;
    let holds = |ok: bool| if ok { "holds" } else { "DOES NOT HOLD" };
    println!(
        "{code}: invoiced {} = paid {} + credited {} + written off {} + outstanding {} ({})",
        a(t.invoiced),
        a(t.paid),
        a(t.credited),
        a(t.written_off),
        a(t.outstanding),
        holds(principal == t.invoiced)
    );
    let [fees, interest, compensation] = t.accessories;
    let mut accessories = Decimal::ZERO;
    for (name, [claimed, recovered, waived, open]) in [
        ("fees", fees),
        ("interest", interest),
        ("compensation", compensation),
    ] {
        accessories = checked_add(accessories, recovered)?;
        println!(
            "{code}:   {name:<12} claimed {}, recovered {}, waived {}, open {}",
            a(claimed),
            a(recovered),
            a(waived),
            a(open)
        );
    }
    let money = [t.paid, accessories, t.credit_balance, t.credit_used]
        .into_iter()
        .try_fold(Decimal::ZERO, checked_add)?;
    println!(
        "{code}:   received {} = principal {} + fees, interest and compensation {} + credit balance {} + credit used {} ({})",
        a(t.received),
        a(t.paid),
        a(accessories),
        a(t.credit_balance),
        a(t.credit_used),
        holds(money == t.received)
    );
    if principal != t.invoiced || money != t.received {
        return Err(format!("{code}: the reconciliation does not hold").into());
    }
    Ok(())
}
