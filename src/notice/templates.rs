//! Templates: the default wording and the host's overrides per ladder step and language,
//! rendered with [minijinja](https://docs.rs/minijinja).
//!
//! A template sees the flat [`TemplateFields`] of a notice: strings already formatted for
//! the notice's language (amounts, dates), a few numbers and booleans, and the list of
//! `invoices`. Overridable parts are [`TemplatePart`]s: the subject, the body (the prose
//! before the invoice list), the closing (before the signature) and the SMS text. The
//! invoice list, totals, payment instructions, legal mentions and signature are fixed
//! blocks added by the renderer, so a template can never drop what the law requires.
//!
//! **Checked when loaded, not when a customer is waiting**: [`Templates::add_override`]
//! refuses a template with a syntax error, one that refers to a field that does not exist
//! (its undeclared variables are checked against the fields), and one that fails when
//! rendered with strict undefined-value checks against fully populated sample notices
//! (which catches a misspelt attribute of an invoice in a loop).
//!
//! Host values are data, never template code: a customer called `{{ total }}` is printed
//! as such. In the e-mail's HTML, every value is HTML-escaped (the `safe` filter is not
//! available).
//!
//! **Bounded work**: a template prints the notice's fields; it cannot build values of its
//! own, and every render, when loaded and when a notice is rendered, runs within limits.
//! A template that goes past them is refused with [`NoticeError::TooExpensive`] naming
//! the [`TemplateLimit`], never hangs and never exhausts memory:
//! - at most [`Templates::MAX_SOURCE_BYTES`] of source and [`Templates::MAX_TAG_TOKENS`]
//!   tokens in a tag, [`Templates::FUEL`] engine
//!   instructions per render (a loop too long stops), [`Templates::MAX_RENDERED_BYTES`]
//!   written per render; `join` and `replace` build at most [`Templates::MAX_VALUE_BYTES`],
//!   `range` at most [`Templates::MAX_RANGE`] items;
//! - statements: `if`/`elif`/`else`, `for` (over a field, a loop variable or `range`,
//!   optionally through `sort`, `reverse`, `unique`, `select`, `reject`, `selectattr`,
//!   `rejectattr`, `items`, `dictsort`, `list`; not recursive) and `raw`; no `set`, `with`,
//!   `macro`, `call`, `filter` blocks, `include` or `import`;
//! - expressions: fields, literals, comparisons, `and`/`or`/`not`/`in`/`is`, arithmetic,
//!   inline `if`/`else`, indexing, `loop.*`, lists and tuples of literals, and the filters
//!   `abs`, `attr`, `bool`, `capitalize`, `count`, `default` (`d`), `dictsort`, `escape`
//!   (`e`), `first`, `float`, `int`, `items`, `join`, `last`, `length`, `lower`, `max`, `min`,
//!   `replace`, `reverse`, `round`, `string`, `title`, `trim`, `upper`; not the `~`
//!   operator, `+` between two values that are not numbers, `*`, map literals, nor
//!   `namespace()` or `dict()`. Text written next to a field needs no `~`:
//!   `Réf. {{ payment_reference }}`.
//!
//! Fuel and an output bound alone would not do: a handful of instructions can double a
//! string sixty times (`{% set ns.s = ns.s ~ ns.s %}`), and the allocation fails, aborting
//! the process, before anything is written. Hence the rule that templates only print.
//!
//! # Example
//! ```
//! use relance::notice::{TemplateOverride, TemplatePart, Templates};
//! use relance::Language;
//! let mut t = Templates::new();
//! t.add_override(TemplateOverride::new("reminder", Language::En, TemplatePart::Subject,
//!     "Friendly nudge: {{ total }} for {{ invoice_numbers }}"))?;
//! let bad = TemplateOverride::new("reminder", Language::En, TemplatePart::Subject, "Pay {{ totl }}");
//! let e = t.add_override(bad).unwrap_err();
//! assert!(e.to_string().contains("totl"), "{e}");
//! # Ok::<(), relance::notice::NoticeError>(())
//! ```

use crate::action::IdempotencyKey;
use crate::calendar::DayCounting;
use crate::customer::CustomerKind;
use crate::jurisdiction::{Country, Language};
use crate::ladder::{Channel, Stage};
use crate::locale_format::{format_amount, format_amount_plain, format_date};
use crate::money::{Currency, Money};
use crate::notice::content::{
    Creditor, Deadline, Debtor, InterestSection, InterestSegment, InvoiceLine, NoticeContent,
    PaymentInstructions,
};
use crate::notice::error::NoticeError;
use crate::notice::template_limits::{self, RenderFailure};
use crate::notice::texts::{default_template, tone_title};
use crate::notice::tone::Tone;
use crate::payment_reference::{RfCreditorReference, StructuredCommunication};
use chrono::{Datelike, NaiveDate};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::notice::template_limits::TemplateLimit;
use crate::notice::tone::TemplatePart;

/// A host's template for one part of one ladder step's notices in one language.
///
/// # Example
/// ```
/// use relance::notice::TemplateOverride;
/// let o: TemplateOverride = serde_json::from_str(r#"{"step": "first reminder",
///     "language": "fr", "part": "subject", "source": "Petit rappel : {{ total }}"}"#).unwrap();
/// assert_eq!(o.step, "first reminder");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateOverride {
    /// The ladder step's name.
    pub step: String,
    /// The language.
    pub language: Language,
    /// The part.
    pub part: TemplatePart,
    /// The minijinja source.
    pub source: String,
}

impl TemplateOverride {
    /// An override.
    ///
    /// # Example
    /// ```
    /// use relance::notice::{TemplateOverride, TemplatePart};
    /// let o = TemplateOverride::new("formal notice", relance::Language::De, TemplatePart::Subject, "Mahnung {{ total }}");
    /// assert_eq!(o.part, TemplatePart::Subject);
    /// ```
    pub fn new(step: &str, language: Language, part: TemplatePart, source: &str) -> Self {
        TemplateOverride {
            step: step.to_string(),
            language,
            part,
            source: source.to_string(),
        }
    }
}

/// One invoice as a template sees it (formatted strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateInvoice {
    /// Number.
    pub number: String,
    /// Issue date.
    pub issue_date: String,
    /// Due date.
    pub due_date: String,
    /// Invoiced total.
    pub original: String,
    /// Outstanding.
    pub outstanding: String,
    /// Due now.
    pub amount_due: String,
    /// Days overdue (negative before the due date).
    pub days_overdue: i64,
    /// Fee charged by this notice, or empty.
    pub fee: String,
    /// The last day the claim may be brought to court (its limitation date), or empty.
    pub limitation_date: String,
}

/// The fields a template may use. Amounts and dates are formatted for the notice's
/// language: with no-break spaces and written-out dates, or, for SMS, with plain spaces
/// and numeric dates (GSM-7 has neither no-break spaces nor every accented letter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateFields {
    /// Debtor's name.
    pub customer_name: String,
    /// Debtor's id.
    pub customer_id: String,
    /// `business`, `consumer` or `public`.
    pub customer_kind: String,
    /// Debtor's country code, e.g. `GB`.
    pub country: String,
    /// Creditor's name.
    pub creditor_name: String,
    /// Creditor's company number.
    pub creditor_company_number: String,
    /// Creditor's e-mail, or empty.
    pub creditor_email: String,
    /// Creditor's phone, or empty.
    pub creditor_phone: String,
    /// The contact person, else the creditor's name.
    pub creditor_contact: String,
    /// Notice date.
    pub date: String,
    /// Ladder step name.
    pub step_name: String,
    /// What the notice is called, e.g. `Relance` or `2. Mahnung` (see
    /// [`step_title`](crate::notice::step_title)).
    pub title: String,
    /// `first_reminder`, `follow_up`, `formal_notice` or `hand_over`.
    pub tone: String,
    /// `amicable`, `formal_notice` or `judicial`.
    pub stage: String,
    /// The channel, e.g. `email`.
    pub channel: String,
    /// The invoices.
    pub invoices: Vec<TemplateInvoice>,
    /// How many.
    pub invoice_count: usize,
    /// Their numbers, comma-separated.
    pub invoice_numbers: String,
    /// The oldest due date.
    pub oldest_due_date: String,
    /// The largest number of days overdue.
    pub max_days_overdue: i64,
    /// At least one invoice is past due.
    pub overdue: bool,
    /// Every invoice received a notice before this one: the texts say "despite our
    /// reminders" only then.
    pub all_reminded: bool,
    /// Sum due on the invoices.
    pub amount_due: String,
    /// Fees of this notice.
    pub fees: String,
    /// Fees are not zero.
    pub has_fees: bool,
    /// Interest section total, or empty.
    pub interest: String,
    /// There is an interest section.
    pub has_interest: bool,
    /// Total to pay.
    pub total: String,
    /// Deadline date, or empty.
    pub deadline: String,
    /// There is a deadline.
    pub has_deadline: bool,
    /// Calendar days from the notice date to the deadline (0 without one).
    pub deadline_days: i64,
    /// IBAN, print form.
    pub iban: String,
    /// BIC, or empty.
    pub bic: String,
    /// The reference to quote: the Belgian structured communication when there is one,
    /// else the RF reference.
    pub payment_reference: String,
    /// RF creditor reference, print form.
    pub rf_reference: String,
    /// Belgian structured communication, or empty.
    pub structured_communication: String,
}

/// How fields are formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldStyle {
    /// No-break spaces, written dates.
    Typographic,
    /// Plain spaces, numeric dates.
    Plain,
}

fn numeric_date(date: NaiveDate, lang: Language) -> String {
    let (d, m, y) = (date.day(), date.month(), date.year());
    match lang {
        Language::De => format!("{d:02}.{m:02}.{y}"),
        Language::Nl => format!("{d:02}-{m:02}-{y}"),
        Language::Fr | Language::En => format!("{d:02}/{m:02}/{y}"),
    }
}

impl TemplateFields {
    /// The fields of `content`, formatted typographically (e-mail, letter, portal).
    ///
    /// # Example
    /// ```
    /// use relance::notice::{TemplateFields, Templates};
    /// let f = TemplateFields::of(&Templates::sample_content(relance::Language::Fr));
    /// assert_eq!(f.invoice_count, 2);
    /// ```
    pub fn of(content: &NoticeContent) -> TemplateFields {
        Self::with_style(content, FieldStyle::Typographic)
    }

    pub(crate) fn with_style(content: &NoticeContent, style: FieldStyle) -> TemplateFields {
        let lang = content.language;
        let amount = |m: &Money| match style {
            FieldStyle::Typographic => format_amount(m, lang),
            FieldStyle::Plain => format_amount_plain(m, lang),
        };
        let date = |d: NaiveDate| match style {
            FieldStyle::Typographic => format_date(d, lang),
            FieldStyle::Plain => numeric_date(d, lang),
        };
        let c = &content.creditor;
        let invoices: Vec<TemplateInvoice> = content
            .invoices
            .iter()
            .map(|i| TemplateInvoice {
                number: i.number.clone(),
                issue_date: date(i.issue_date),
                due_date: date(i.due_date),
                original: amount(&i.original),
                outstanding: amount(&i.outstanding),
                amount_due: amount(&i.amount_due),
                days_overdue: i.days_overdue,
                fee: i.fee.as_ref().map(&amount).unwrap_or_default(),
                limitation_date: i.limitation_date.map(date).unwrap_or_default(),
            })
            .collect();
        let numbers: Vec<&str> = content.invoices.iter().map(|i| i.number.as_str()).collect();
        let structured = content
            .payment
            .structured_communication
            .map(|s| s.to_string())
            .unwrap_or_default();
        TemplateFields {
            customer_name: content.debtor.name.clone(),
            customer_id: content.debtor.id.as_str().to_string(),
            customer_kind: match content.debtor.kind {
                CustomerKind::Business => "business",
                CustomerKind::Consumer => "consumer",
                CustomerKind::Public => "public",
            }
            .to_string(),
            country: content.debtor.country.code().to_string(),
            creditor_name: c.name.clone(),
            creditor_company_number: c.company_number.clone(),
            creditor_email: c.email.clone().unwrap_or_default(),
            creditor_phone: c.phone.clone().unwrap_or_default(),
            creditor_contact: c.contact_name.clone().unwrap_or_else(|| c.name.clone()),
            date: date(content.date),
            step_name: content.step_name.clone(),
            title: title_of(content),
            tone: content.tone.as_str().to_string(),
            stage: content.stage.as_str().to_string(),
            channel: content.channel.as_str().to_string(),
            invoice_count: invoices.len(),
            invoices,
            invoice_numbers: numbers.join(", "),
            oldest_due_date: content
                .invoices
                .iter()
                .map(|i| i.due_date)
                .min()
                .map(&date)
                .unwrap_or_default(),
            max_days_overdue: content
                .invoices
                .iter()
                .map(|i| i.days_overdue)
                .max()
                .unwrap_or(0),
            overdue: content.overdue(),
            all_reminded: content.invoices.iter().all(|i| i.reminded_before),
            amount_due: amount(&content.amount_due),
            fees: amount(&content.fees),
            has_fees: !content.fees.is_zero(),
            interest: content
                .interest
                .as_ref()
                .map(|i| amount(&i.total))
                .unwrap_or_default(),
            has_interest: content.interest.is_some(),
            total: amount(&content.total),
            deadline: content.deadline.map(|d| date(d.date)).unwrap_or_default(),
            has_deadline: content.deadline.is_some(),
            deadline_days: content.deadline.map_or(0, |d| d.calendar_days),
            iban: content.payment.iban.clone(),
            bic: content.payment.bic.clone().unwrap_or_default(),
            payment_reference: content.payment.preferred_reference(),
            rf_reference: content.payment.rf_reference.print_form(),
            structured_communication: structured,
        }
    }

    /// The names of the fields, for checking templates, and `range`, the one function a
    /// template may call.
    pub const NAMES: [&'static str; 37] = [
        "customer_name",
        "customer_id",
        "customer_kind",
        "country",
        "creditor_name",
        "creditor_company_number",
        "creditor_email",
        "creditor_phone",
        "creditor_contact",
        "date",
        "step_name",
        "title",
        "tone",
        "stage",
        "channel",
        "invoices",
        "invoice_count",
        "invoice_numbers",
        "oldest_due_date",
        "max_days_overdue",
        "overdue",
        "all_reminded",
        "amount_due",
        "fees",
        "has_fees",
        "interest",
        "has_interest",
        "total",
        "deadline",
        "has_deadline",
        "deadline_days",
        "iban",
        "bic",
        "payment_reference",
        "rf_reference",
        "structured_communication",
        // the one global function templates may call
        "range",
    ];
}

/// The default templates plus the host's overrides, checked when loaded.
///
/// # Example
/// ```
/// use relance::notice::{TemplatePart, Templates};
/// let t = Templates::new();
/// assert!(t.overrides().is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct Templates {
    env: Environment<'static>,
    overrides: BTreeSet<(String, Language, TemplatePart)>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates::new()
    }
}

fn escape_callback(name: &str) -> AutoEscape {
    if name.ends_with(".html") {
        AutoEscape::Html
    } else {
        AutoEscape::None
    }
}

fn default_name(lang: Language, tone: Tone, part: TemplatePart, html: bool) -> String {
    let ext = if html { "html" } else { "txt" };
    format!(
        "default/{}/{}/{}.{ext}",
        lang.code(),
        tone.as_str(),
        part.as_str()
    )
}

fn override_name(step: &str, lang: Language, part: TemplatePart, html: bool) -> String {
    let ext = if html { "html" } else { "txt" };
    format!("step/{step}/{}/{}.{ext}", lang.code(), part.as_str())
}

const LANGUAGES: [Language; 4] = [Language::Fr, Language::En, Language::De, Language::Nl];

impl Templates {
    /// Longest template source accepted, in bytes.
    ///
    /// # Example
    /// ```
    /// use relance::Language;
    /// use relance::notice::{NoticeError, TemplateLimit, TemplateOverride, TemplatePart, Templates};
    /// let load = |source: &str| Templates::new()
    ///     .add_override(TemplateOverride::new("reminder", Language::En, TemplatePart::Body, source));
    /// let e = load(&"x".repeat(Templates::MAX_SOURCE_BYTES + 1)).unwrap_err();
    /// assert!(matches!(e, NoticeError::TooExpensive { limit: TemplateLimit::SourceSize { .. }, .. }));
    /// ```
    pub const MAX_SOURCE_BYTES: usize = template_limits::MAX_SOURCE_BYTES;

    /// Most tokens in one tag (`{{ ... }}` or `{% ... %}`), checked before the template is
    /// parsed: longer chains would nest deeper than the engine compiles safely.
    ///
    /// # Example
    /// ```
    /// use relance::Language;
    /// use relance::notice::{NoticeError, TemplateLimit, TemplateOverride, TemplatePart, Templates};
    /// let load = |source: &str| Templates::new()
    ///     .add_override(TemplateOverride::new("reminder", Language::En, TemplatePart::Body, source));
    /// let chain = format!("{{{{ total{} }}}}", "|trim".repeat(Templates::MAX_TAG_TOKENS));
    /// let e = load(&chain).unwrap_err();
    /// assert!(matches!(e, NoticeError::TooExpensive { limit: TemplateLimit::TagSize { .. }, .. }));
    /// ```
    pub const MAX_TAG_TOKENS: usize = template_limits::MAX_TAG_TOKENS;

    /// Engine instructions one render of a template may execute (minijinja's fuel).
    ///
    /// # Example
    /// ```
    /// use relance::Language;
    /// use relance::notice::{NoticeError, TemplateLimit, TemplateOverride, TemplatePart, Templates};
    /// // A loop that would run a hundred million times is stopped, and refused when loaded.
    /// let endless = "{% for i in range(10000) %}{% for j in range(10000) %}.{% endfor %}{% endfor %}";
    /// let e = Templates::new()
    ///     .add_override(TemplateOverride::new("reminder", Language::En, TemplatePart::Body, endless))
    ///     .unwrap_err();
    /// assert!(matches!(e, NoticeError::TooExpensive { limit: TemplateLimit::Fuel { .. }, .. }));
    /// ```
    pub const FUEL: u64 = template_limits::FUEL;

    /// Deepest nesting (loops in loops) a render may reach.
    ///
    /// # Example
    /// ```
    /// use relance::Language;
    /// use relance::notice::{NoticeError, TemplateLimit, TemplateOverride, TemplatePart, Templates};
    /// let load = |source: &str| Templates::new()
    ///     .add_override(TemplateOverride::new("reminder", Language::En, TemplatePart::Body, source));
    /// let nested = format!("{}.{}", "{% for i in invoices %}".repeat(Templates::MAX_RECURSION + 1),
    ///     "{% endfor %}".repeat(Templates::MAX_RECURSION + 1));
    /// let e = load(&nested).unwrap_err();
    /// assert!(matches!(e, NoticeError::TooExpensive { limit: TemplateLimit::Recursion { .. }, .. }));
    /// ```
    pub const MAX_RECURSION: usize = template_limits::MAX_RECURSION;

    /// Longest text one render of a template may write, in bytes.
    ///
    /// # Example
    /// ```
    /// use relance::Language;
    /// use relance::notice::{NoticeError, TemplateLimit, TemplateOverride, TemplatePart, Templates};
    /// let load = |source: &str| Templates::new()
    ///     .add_override(TemplateOverride::new("reminder", Language::En, TemplatePart::Body, source));
    /// let e = load("{% for i in range(10000) %}{{ creditor_name }}{% endfor %}").unwrap_err();
    /// assert!(matches!(e, NoticeError::TooExpensive { limit: TemplateLimit::Output { .. }, .. }));
    /// ```
    pub const MAX_RENDERED_BYTES: usize = template_limits::MAX_RENDERED_BYTES;

    /// Longest string the `join` and `replace` filters may build, in bytes.
    ///
    /// # Example
    /// ```
    /// use relance::Language;
    /// use relance::notice::{NoticeError, TemplateLimit, TemplateOverride, TemplatePart, Templates};
    /// let load = |source: &str| Templates::new()
    ///     .add_override(TemplateOverride::new("reminder", Language::En, TemplatePart::Body, source));
    /// let e = load("{{ range(10000)|join(invoice_numbers) }}").unwrap_err();
    /// assert!(matches!(e, NoticeError::TooExpensive {
    ///     limit: TemplateLimit::Value { operation: "join", .. }, .. }));
    /// ```
    pub const MAX_VALUE_BYTES: usize = template_limits::MAX_VALUE_BYTES;

    /// Most items `range(...)` may produce.
    ///
    /// # Example
    /// ```
    /// use relance::Language;
    /// use relance::notice::{NoticeError, TemplateLimit, TemplateOverride, TemplatePart, Templates};
    /// let load = |source: &str| Templates::new()
    ///     .add_override(TemplateOverride::new("reminder", Language::En, TemplatePart::Body, source));
    /// assert!(load("{% for i in range(3) %}{{ i }}{% endfor %}").is_ok());
    /// let e = load("{% for i in range(1000000) %}.{% endfor %}").unwrap_err();
    /// assert!(matches!(e, NoticeError::TooExpensive {
    ///     limit: TemplateLimit::Value { operation: "range", .. }, .. }));
    /// ```
    pub const MAX_RANGE: usize = template_limits::MAX_RANGE;

    /// The default templates only.
    ///
    /// # Example
    /// ```
    /// let t = relance::notice::Templates::new();
    /// assert!(t.overrides().is_empty());
    /// ```
    pub fn new() -> Templates {
        let mut env = template_limits::environment();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(escape_callback);
        for lang in LANGUAGES {
            for tone in Tone::ALL {
                for part in TemplatePart::ALL {
                    let source = default_template(lang, tone, part);
                    // The defaults are tested to parse; a failure would only drop the
                    // template and be reported at render time.
                    let _ = env.add_template_owned(default_name(lang, tone, part, false), source);
                    if part.has_html() {
                        let _ =
                            env.add_template_owned(default_name(lang, tone, part, true), source);
                    }
                }
            }
        }
        Templates {
            env,
            overrides: BTreeSet::new(),
        }
    }

    /// The default templates plus `overrides`, each checked.
    ///
    /// # Errors
    /// The first override refused by [`Templates::add_override`].
    ///
    /// # Example
    /// ```
    /// use relance::notice::{TemplateOverride, TemplatePart, Templates};
    /// use relance::Language;
    /// let t = Templates::with_overrides(&[TemplateOverride::new("reminder", Language::Nl,
    ///     TemplatePart::Sms, "Betaal {{ total }} aub")])?;
    /// assert_eq!(t.overrides().len(), 1);
    /// # Ok::<(), relance::notice::NoticeError>(())
    /// ```
    pub fn with_overrides(overrides: &[TemplateOverride]) -> Result<Templates, NoticeError> {
        let mut t = Templates::new();
        for o in overrides {
            t.add_override(o.clone())?;
        }
        Ok(t)
    }

    /// The (step, language, part) triples overridden.
    ///
    /// # Example
    /// ```
    /// assert!(relance::notice::Templates::default().overrides().is_empty());
    /// ```
    pub fn overrides(&self) -> &BTreeSet<(String, Language, TemplatePart)> {
        &self.overrides
    }

    /// Adds (or replaces) an override after checking it (see the module docs). On error
    /// nothing changes.
    ///
    /// # Errors
    /// [`NoticeError::TooExpensive`] (source too long, a construct that could build values
    /// without bound, or a sample render past its limits: see the module docs),
    /// [`NoticeError::TemplateSyntax`], [`NoticeError::UnknownField`],
    /// [`NoticeError::TemplateCheck`].
    ///
    /// # Example
    /// ```
    /// use relance::Language;
    /// use relance::notice::{render, RenderedNotice, TemplateOverride, TemplatePart, Templates};
    /// let mut t = Templates::new();
    /// t.add_override(TemplateOverride::new("sample", Language::En, TemplatePart::Subject,
    ///     "Still open: {{ invoice_numbers }}"))?;
    /// let content = Templates::sample_content(Language::En); // its step is called "sample"
    /// let RenderedNotice::Email(email) = render(&content, &t)? else { panic!("an e-mail") };
    /// assert_eq!(email.subject, "Still open: S-1, S-2");
    /// // A template that fails on a sample notice is refused, and the override stays.
    /// let bad = TemplateOverride::new("sample", Language::En, TemplatePart::Subject,
    ///     "{{ invoices[5].number }}");
    /// assert!(t.add_override(bad).is_err());
    /// assert_eq!(t.overrides().len(), 1);
    /// # Ok::<(), relance::notice::NoticeError>(())
    /// ```
    pub fn add_override(&mut self, o: TemplateOverride) -> Result<(), NoticeError> {
        let name = override_name(&o.step, o.language, o.part, false);
        let too_expensive = |limit| NoticeError::TooExpensive {
            template: name.clone(),
            step: o.step.clone(),
            language: o.language,
            part: o.part,
            limit,
        };
        if o.source.len() > Self::MAX_SOURCE_BYTES {
            return Err(too_expensive(TemplateLimit::SourceSize {
                bytes: o.source.len(),
                max: Self::MAX_SOURCE_BYTES,
            }));
        }
        template_limits::check_tag_sizes(&o.source).map_err(too_expensive)?;
        let mut env = self.env.clone();
        env.add_template_owned(name.clone(), o.source.clone())
            .map_err(|e| NoticeError::TemplateSyntax {
                template: name.clone(),
                message: e.to_string(),
            })?;
        template_limits::check_constructs(&o.source).map_err(too_expensive)?;
        let template = env
            .get_template(&name)
            .map_err(|e| NoticeError::TemplateSyntax {
                template: name.clone(),
                message: e.to_string(),
            })?;
        let mut unknown: Vec<String> = template
            .undeclared_variables(true)
            .into_iter()
            .filter(|path| !field_path_known(path))
            .collect();
        unknown.sort();
        if let Some(field) = unknown.into_iter().next() {
            return Err(NoticeError::UnknownField {
                template: name,
                field,
            });
        }
        for sample in [
            Templates::sample_content(o.language),
            Templates::sample_content_single(o.language),
        ] {
            for style in [FieldStyle::Typographic, FieldStyle::Plain] {
                let fields = Value::from(minijinja::value::Serde(TemplateFields::with_style(
                    &sample, style,
                )));
                template_limits::render(&template, fields).map_err(|e| match e {
                    RenderFailure::Limit(limit) => too_expensive(limit),
                    RenderFailure::Engine(e) => NoticeError::TemplateCheck {
                        template: name.clone(),
                        message: error_chain(&e),
                    },
                })?;
            }
        }
        if o.part.has_html() {
            env.add_template_owned(override_name(&o.step, o.language, o.part, true), o.source)
                .map_err(|e| NoticeError::TemplateSyntax {
                    template: name.clone(),
                    message: e.to_string(),
                })?;
        }
        self.env = env;
        self.overrides.insert((o.step, o.language, o.part));
        Ok(())
    }

    /// Renders `part` for `content`: the host's override for the content's step and
    /// language if any, else the default for its language and tone. `html` renders with
    /// HTML escaping of every value (body and closing only).
    ///
    /// # Errors
    /// [`NoticeError::Render`] (a template that passed the load checks can still fail on
    /// unusual data, e.g. a filter given an unexpected value);
    /// [`NoticeError::TooExpensive`] when the notice's data takes a template past its
    /// limits (e.g. a loop over thousands of invoices).
    pub(crate) fn render_part(
        &self,
        content: &NoticeContent,
        part: TemplatePart,
        style: FieldStyle,
        html: bool,
    ) -> Result<String, NoticeError> {
        let html = html && part.has_html();
        let key = (content.step_name.clone(), content.language, part);
        let name = if self.overrides.contains(&key) {
            override_name(&content.step_name, content.language, part, html)
        } else {
            default_name(content.language, content.tone, part, html)
        };
        let fields = Value::from(minijinja::value::Serde(TemplateFields::with_style(
            content, style,
        )));
        let template = self
            .env
            .get_template(&name)
            .map_err(|e| NoticeError::Render {
                template: name.clone(),
                message: error_chain(&e),
            })?;
        template_limits::render(&template, fields).map_err(|e| match e {
            RenderFailure::Limit(limit) => NoticeError::TooExpensive {
                template: name.clone(),
                step: content.step_name.clone(),
                language: content.language,
                part,
                limit,
            },
            RenderFailure::Engine(e) => NoticeError::Render {
                template: name.clone(),
                message: error_chain(&e),
            },
        })
    }

    /// A fully populated sample notice (two invoices, fees, interest, deadline, Belgian
    /// structured communication), used to check templates when they are loaded. Handy to
    /// preview a template.
    ///
    /// # Example
    /// ```
    /// let c = relance::notice::Templates::sample_content(relance::Language::De);
    /// assert_eq!(c.invoices.len(), 2);
    /// assert!(c.interest.is_some() && c.deadline.is_some());
    /// ```
    pub fn sample_content(language: Language) -> NoticeContent {
        let eur = |cents: i64| Money::new(rust_decimal::Decimal::new(cents, 2), Currency::EUR);
        let d = |y: i32, m: u32, day: u32| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        let line = |number: &str, cents: i64, due: NaiveDate, days: i64| InvoiceLine {
            number: number.to_string(),
            issue_date: d(2025, 1, 15),
            due_date: due,
            original: eur(cents),
            outstanding: eur(cents),
            amount_due: eur(cents),
            days_overdue: days,
            fee: Some(eur(1000)),
            first_reminder: false,
            reminded_before: true,
            limitation_date: Some(d(2030, 2, 14)),
        };
        let mut creditor = Creditor::new(
            "Sample Creditor SA",
            "0123.456.789",
            "BE68539007547034",
            "SAMPLE",
        );
        creditor.bic = Some("GEBABEBB".into());
        creditor.email = Some("billing@creditor.example".into());
        creditor.phone = Some("+32 2 123 45 67".into());
        creditor.contact_name = Some("Accounts receivable".into());
        creditor.city = "Brussels".into();
        creditor.address = vec!["1 Rue de la Loi".into(), "1000 Brussels".into()];
        NoticeContent {
            key: IdempotencyKey::from_parts("notice", "sample", &[]),
            channel: Channel::Email,
            language,
            tone: Tone::FollowUp,
            stage: Stage::Amicable,
            step: 1,
            step_name: "sample".into(),
            title: tone_title(language, Tone::FollowUp).to_string(),
            date: d(2025, 3, 10),
            creditor,
            debtor: Debtor {
                id: "C-SAMPLE".into(),
                name: "Sample Debtor".into(),
                kind: CustomerKind::Business,
                country: Country::BE,
                address: Some(vec!["2 Avenue Louise".into(), "1050 Brussels".into()]),
                email: Some("ap@debtor.example".into()),
                phone: Some("+32 2 765 43 21".into()),
                mobile: Some("+32 470 12 34 56".into()),
                portal_account: Some("debtor".into()),
                sole_trader: false,
            },
            invoices: vec![
                line("S-1", 120_000, d(2025, 2, 14), 24),
                line("S-2", 30_000, d(2025, 2, 28), 10),
            ],
            amount_due: eur(150_000),
            fees: eur(2000),
            interest: Some(InterestSection {
                segments: vec![InterestSegment {
                    from: d(2025, 2, 15),
                    to: d(2025, 3, 10),
                    days: 24,
                    base: eur(120_000),
                    annual_rate: rust_decimal::Decimal::new(1150, 2),
                    amount: eur(907),
                }],
                already_paid: eur(0),
                interest: eur(907),
                fixed_compensation: eur(4000),
                total: eur(4907),
            }),
            total: eur(156_907),
            payment: PaymentInstructions {
                iban: "BE68 5390 0754 7034".into(),
                bic: Some("GEBABEBB".into()),
                amount: eur(156_907),
                rf_reference: RfCreditorReference::from_reference("SAMPLE1")
                    .expect("a constant, valid reference"),
                structured_communication: StructuredCommunication::from_number(1_234_567_890).ok(),
            },
            deadline: Some(Deadline {
                date: d(2025, 3, 18),
                calendar_days: 8,
                counting: DayCounting::Calendar,
            }),
            legal: Vec::new(),
        }
    }

    /// Like [`Templates::sample_content`] with a single invoice, no fees, no interest.
    ///
    /// # Example
    /// ```
    /// let c = relance::notice::Templates::sample_content_single(relance::Language::De);
    /// assert_eq!(c.invoices.len(), 1);
    /// assert!(c.interest.is_none() && c.fees.is_zero());
    /// ```
    pub fn sample_content_single(language: Language) -> NoticeContent {
        let mut c = Templates::sample_content(language);
        c.invoices.truncate(1);
        for i in &mut c.invoices {
            i.fee = None;
        }
        c.amount_due = c
            .invoices
            .first()
            .map(|i| i.amount_due)
            .unwrap_or(c.amount_due);
        c.fees = Money::zero(c.amount_due.currency);
        c.interest = None;
        c.total = c.amount_due;
        c.payment.amount = c.amount_due;
        c.payment.structured_communication = None;
        c.deadline = None;
        c
    }
}

/// The notice's title, or the title of its tone for content stored without one.
pub(crate) fn title_of(content: &NoticeContent) -> String {
    if content.title.is_empty() {
        tone_title(content.language, content.tone).to_string()
    } else {
        content.title.clone()
    }
}

/// A known field, or `invoices.<something>` (checked by the sample render).
fn field_path_known(path: &str) -> bool {
    let mut parts = path.split('.');
    let head = parts.next().unwrap_or_default();
    if !TemplateFields::NAMES.contains(&head) {
        return false;
    }
    match parts.next() {
        None => true,
        Some(_) => head == "invoices",
    }
}

fn error_chain(e: &minijinja::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_match_the_struct() {
        let v = serde_json::to_value(TemplateFields::of(&Templates::sample_content(Language::En)))
            .unwrap();
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut names: Vec<&str> =
            TemplateFields::NAMES[..TemplateFields::NAMES.len() - 1].to_vec();
        names.sort_unstable();
        assert_eq!(keys, names);
    }

    #[test]
    fn every_default_template_passes_the_load_checks() {
        for lang in LANGUAGES {
            for tone in Tone::ALL {
                for part in TemplatePart::ALL {
                    let mut t = Templates::new();
                    let source = default_template(lang, tone, part);
                    t.add_override(TemplateOverride::new("s", lang, part, source))
                        .unwrap_or_else(|e| panic!("{lang:?} {tone:?} {part:?}: {e}"));
                }
            }
        }
    }
}
