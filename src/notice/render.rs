//! Rendering a [`NoticeContent`] for its channel: e-mail (subject, plain text, HTML), letter
//! and registered letter (addresses, place and date, body), SMS (with its GSM-7 length),
//! phone task (who to call, why, talking points) and portal message.
//!
//! Every text is laid out the same way: the template's body, the invoice list, the
//! totals, the interest breakdown, the payment instructions, the legal mentions, the
//! template's closing and the signature. Only the body, closing, subject and SMS come from
//! templates; the rest is fixed, so the law's mentions cannot be lost by an override.
//!
//! Nothing host data carries can break a header: recipients with a control character or a
//! line break are refused, and subjects, titles and address lines have them replaced by
//! spaces (see [`header`](crate::notice::header)).
//!
//! An SMS (160 characters) and a phone task carry no legal mentions: a step that must
//! carry them (a Belgian consumer's first reminder, a formal notice) needs an e-mail, a
//! letter or a portal message among its channels.

use crate::jurisdiction::Language;
use crate::ladder::Channel;
use crate::locale_format::{format_amount, format_date, format_days};
use crate::notice::content::NoticeContent;
use crate::notice::digest::ContentDigest;
use crate::notice::error::NoticeError;
use crate::notice::header::{HeaderError, sanitize_header, validate_email, validate_header_value};
use crate::notice::sms::{SmsLength, sms_length};
use crate::notice::templates::{FieldStyle, Templates, title_of};
use crate::notice::texts::{format_percent, label};
use crate::notice::tone::TemplatePart;
use serde::{Deserialize, Serialize};

/// An e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    /// The debtor's address, if known; a plausible address, checked with
    /// [`validate_email`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Subject line: one line, without control characters or line breaks.
    pub subject: String,
    /// Plain-text part.
    pub text: String,
    /// HTML part; every host-supplied value is escaped.
    pub html: String,
}

/// A letter, ordinary or registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    /// Registered with acknowledgement of receipt.
    pub registered: bool,
    /// The sender's block: creditor name and address.
    pub sender: Vec<String>,
    /// The recipient's block: debtor name and address.
    pub recipient: Vec<String>,
    /// "Lyon, le 3 mars 2025".
    pub place_and_date: String,
    /// The mention printed above the subject for a registered letter, else empty.
    pub registered_mention: String,
    /// The subject line, label included ("Objet : ...").
    pub subject: String,
    /// The body, signature included.
    pub body: String,
}

impl Letter {
    /// The whole letter as plain text, blocks separated by blank lines.
    ///
    /// # Example
    /// ```
    /// use relance::notice::{render, RenderedNotice, Templates};
    /// let mut c = Templates::sample_content(relance::Language::Fr);
    /// c.channel = relance::Channel::RegisteredLetter;
    /// let RenderedNotice::Letter(l) = render(&c, &Templates::new()).unwrap() else { unreachable!() };
    /// assert!(l.to_text().contains("Lettre recommandée avec accusé de réception"));
    /// assert!(l.to_text().starts_with("Sample Creditor SA\n1 Rue de la Loi"));
    /// ```
    pub fn to_text(&self) -> String {
        let mut blocks = vec![self.sender.join("\n"), self.recipient.join("\n")];
        blocks.push(self.place_and_date.clone());
        if !self.registered_mention.is_empty() {
            blocks.push(self.registered_mention.clone());
        }
        blocks.push(self.subject.clone());
        blocks.push(self.body.clone());
        blocks.retain(|b| !b.is_empty());
        blocks.join("\n\n")
    }
}

/// A text message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sms {
    /// The debtor's mobile, if known; without control characters or line breaks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The text.
    pub text: String,
    /// Encoding, length and segments: one SMS when `length.segments == 1`.
    pub length: SmsLength,
}

/// A call for a person to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneTask {
    /// Who to call.
    pub call: String,
    /// The number, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Why, in one line.
    pub reason: String,
    /// What to say, with the amounts.
    pub talking_points: Vec<String>,
}

/// A message on the host's customer portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalMessage {
    /// The debtor's portal account, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Title.
    pub title: String,
    /// Body (plain text).
    pub body: String,
}

/// A notice rendered for its channel.
///
/// # Example
/// ```
/// use relance::notice::{render, RenderedNotice, Templates};
/// use relance::{Channel, Language};
/// let mut content = Templates::sample_content(Language::Fr);
/// content.channel = Channel::Sms;
/// let RenderedNotice::Sms(sms) = render(&content, &Templates::new())? else { unreachable!() };
/// assert!(sms.text.contains("1 569,07 EUR"));
/// assert_eq!(sms.length.segments, 1);
/// # Ok::<(), relance::notice::NoticeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RenderedNotice {
    /// E-mail.
    Email(Email),
    /// Letter or registered letter.
    Letter(Letter),
    /// SMS.
    Sms(Sms),
    /// Phone task.
    PhoneTask(PhoneTask),
    /// Portal message.
    Portal(PortalMessage),
}

impl RenderedNotice {
    /// Everything the notice says, as plain text (HTML included for an e-mail), for
    /// archives, previews and snapshot tests.
    ///
    /// # Example
    /// ```
    /// use relance::notice::{render, Templates};
    /// let mut c = Templates::sample_content(relance::Language::En);
    /// c.channel = relance::Channel::Phone;
    /// let text = render(&c, &Templates::new()).unwrap().to_text();
    /// assert!(text.starts_with("Call: Sample Debtor (+32 2 765 43 21)"));
    /// ```
    pub fn to_text(&self) -> String {
        match self {
            RenderedNotice::Email(e) => format!(
                "To: {}\nSubject: {}\n\n{}\n\n----- HTML -----\n{}",
                e.to.as_deref().unwrap_or("-"),
                e.subject,
                e.text,
                e.html
            ),
            RenderedNotice::Letter(l) => l.to_text(),
            RenderedNotice::Sms(s) => format!(
                "To: {}\n{}\n\n[{} units, {:?}, {} segment(s)]",
                s.to.as_deref().unwrap_or("-"),
                s.text,
                s.length.units,
                s.length.encoding,
                s.length.segments
            ),
            RenderedNotice::PhoneTask(p) => {
                let mut out = format!(
                    "Call: {} ({})\nReason: {}",
                    p.call,
                    p.number.as_deref().unwrap_or("-"),
                    p.reason
                );
                for t in &p.talking_points {
                    out.push_str("\n- ");
                    out.push_str(t);
                }
                out
            }
            RenderedNotice::Portal(m) => format!(
                "Portal account: {}\nTitle: {}\n\n{}",
                m.account.as_deref().unwrap_or("-"),
                m.title,
                m.body
            ),
        }
    }

    /// The digest of [`RenderedNotice::to_text`], for the hand-over dossier.
    ///
    /// # Example
    /// ```
    /// use relance::notice::{render, Templates};
    /// let c = Templates::sample_content(relance::Language::En);
    /// let a = render(&c, &Templates::new()).unwrap();
    /// assert_eq!(a.digest(), render(&c, &Templates::new()).unwrap().digest());
    /// ```
    pub fn digest(&self) -> ContentDigest {
        ContentDigest::of(&self.to_text())
    }
}

/// Escapes `& < > " '` for HTML text and attribute values.
///
/// # Example
/// ```
/// use relance::notice::escape_html;
/// assert_eq!(escape_html("<b>Tom & \"Jerry\"</b>"), "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;");
/// ```
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

enum Block {
    /// Template output: plain text and HTML (values already escaped).
    Prose { text: String, html: String },
    /// Lines of plain text.
    Lines(Vec<String>),
    /// The invoice list: sentences in text, a table in HTML.
    Invoices {
        lines: Vec<String>,
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

fn prose_html(html: &str) -> String {
    html.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>\n")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn lines_html(lines: &[String]) -> String {
    let escaped: Vec<String> = lines.iter().map(|l| escape_html(l)).collect();
    format!("<p>{}</p>", escaped.join("<br>\n"))
}

fn blocks_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| match b {
            Block::Prose { text, .. } => text.clone(),
            Block::Lines(lines) | Block::Invoices { lines, .. } => lines.join("\n"),
        })
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn blocks_html(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| match b {
            Block::Prose { html, .. } => prose_html(html),
            Block::Lines(lines) => lines_html(lines),
            Block::Invoices { head, rows, .. } => {
                let mut t = String::from("<table>\n<tr>");
                for h in head {
                    t.push_str(&format!("<th>{}</th>", escape_html(h)));
                }
                t.push_str("</tr>\n");
                for r in rows {
                    t.push_str("<tr>");
                    for c in r {
                        t.push_str(&format!("<td>{}</td>", escape_html(c)));
                    }
                    t.push_str("</tr>\n");
                }
                t.push_str("</table>");
                t
            }
        })
        .filter(|s| !s.is_empty() && s != "<p></p>")
        .collect::<Vec<_>>()
        .join("\n")
}

/// "label : value" in French, "label: value" elsewhere.
fn field(lang: Language, name: &str, value: &str) -> String {
    match lang {
        Language::Fr => format!("{name} : {value}"),
        _ => format!("{name}: {value}"),
    }
}

fn overdue_status(lang: Language, days: i64) -> String {
    if days > 0 {
        let n = format_days(u32::try_from(days).unwrap_or(u32::MAX), lang);
        match lang {
            Language::Fr => format!("{n} de retard"),
            Language::En => format!("{n} overdue"),
            Language::De => format!("{n} überfällig"),
            Language::Nl => format!("{n} achterstallig"),
        }
    } else {
        label(
            lang,
            [
                "non échue",
                "not yet due",
                "noch nicht fällig",
                "nog niet vervallen",
            ],
        )
        .to_string()
    }
}

fn invoice_lines(c: &NoticeContent) -> Vec<String> {
    let lang = c.language;
    c.invoices
        .iter()
        .map(|i| {
            let (n, issue, due) = (
                &i.number,
                format_date(i.issue_date, lang),
                format_date(i.due_date, lang),
            );
            let status = overdue_status(lang, i.days_overdue);
            let (original, left) = (
                format_amount(&i.original, lang),
                format_amount(&i.amount_due, lang),
            );
            let fee = i
                .fee
                .as_ref()
                .map(|f| {
                    let f = format_amount(f, lang);
                    match lang {
                        Language::Fr => format!(", frais {f}"),
                        Language::En => format!(", fee {f}"),
                        Language::De => format!(", Gebühr {f}"),
                        Language::Nl => format!(", kosten {f}"),
                    }
                })
                .unwrap_or_default();
            match lang {
                Language::Fr => format!("- Facture {n} du {issue}, échéance le {due}, {status} : montant {original}, reste à payer {left}{fee}"),
                Language::En => format!("- Invoice {n} of {issue}, due {due}, {status}: amount {original}, left to pay {left}{fee}"),
                Language::De => format!("- Rechnung {n} vom {issue}, fällig am {due}, {status}: Betrag {original}, offen {left}{fee}"),
                Language::Nl => format!("- Factuur {n} van {issue}, vervaldag {due}, {status}: bedrag {original}, nog te betalen {left}{fee}"),
            }
        })
        .collect()
}

fn invoices_block(c: &NoticeContent) -> Block {
    let lang = c.language;
    let heading = label(
        lang,
        [
            "Détail de votre compte :",
            "Your account:",
            "Aufstellung:",
            "Overzicht:",
        ],
    );
    let mut lines = vec![heading.to_string()];
    lines.extend(invoice_lines(c));
    let head: Vec<String> = match lang {
        Language::Fr => [
            "Facture",
            "Date",
            "Échéance",
            "Retard",
            "Montant",
            "Reste à payer",
        ],
        Language::En => ["Invoice", "Date", "Due", "Overdue", "Amount", "Left to pay"],
        Language::De => [
            "Rechnung",
            "Datum",
            "Fällig am",
            "Verzug",
            "Betrag",
            "Offen",
        ],
        Language::Nl => [
            "Factuur",
            "Datum",
            "Vervaldag",
            "Achterstand",
            "Bedrag",
            "Nog te betalen",
        ],
    }
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows = c
        .invoices
        .iter()
        .map(|i| {
            vec![
                i.number.clone(),
                format_date(i.issue_date, lang),
                format_date(i.due_date, lang),
                overdue_status(lang, i.days_overdue),
                format_amount(&i.original, lang),
                format_amount(&i.amount_due, lang),
            ]
        })
        .collect();
    Block::Invoices { lines, head, rows }
}

fn totals_lines(c: &NoticeContent) -> Vec<String> {
    let lang = c.language;
    let mut out = Vec::new();
    // The amount due is only worth a line when something is added to it.
    if !c.fees.is_zero() || c.interest.is_some() {
        out.push(field(
            lang,
            label(
                lang,
                [
                    "Montant échu",
                    "Amount due",
                    "Fälliger Betrag",
                    "Vervallen bedrag",
                ],
            ),
            &format_amount(&c.amount_due, lang),
        ));
    }
    if !c.fees.is_zero() {
        out.push(field(
            lang,
            label(lang, ["Frais", "Fees", "Gebühren", "Kosten"]),
            &format_amount(&c.fees, lang),
        ));
    }
    if let Some(i) = &c.interest {
        out.push(field(
            lang,
            label(
                lang,
                [
                    "Intérêts de retard",
                    "Late-payment interest",
                    "Verzugszinsen",
                    "Verwijlinteresten",
                ],
            ),
            &format_amount(&i.interest, lang),
        ));
        if !i.fixed_compensation.is_zero() {
            out.push(field(
                lang,
                label(
                    lang,
                    [
                        "Indemnité forfaitaire de recouvrement",
                        "Fixed recovery compensation",
                        "Pauschale für Beitreibungskosten",
                        "Forfaitaire invorderingsvergoeding",
                    ],
                ),
                &format_amount(&i.fixed_compensation, lang),
            ));
        }
    }
    out.push(field(
        lang,
        label(
            lang,
            [
                "Total à payer",
                "Total to pay",
                "Zu zahlender Gesamtbetrag",
                "Totaal te betalen",
            ],
        ),
        &format_amount(&c.total, lang),
    ));
    out
}

fn interest_lines(c: &NoticeContent) -> Vec<String> {
    let lang = c.language;
    let Some(i) = &c.interest else {
        return Vec::new();
    };
    let mut out = vec![
        label(
            lang,
            [
                "Calcul des intérêts :",
                "Interest calculation:",
                "Zinsberechnung:",
                "Interestberekening:",
            ],
        )
        .to_string(),
    ];
    for s in &i.segments {
        let (from, to, days) = (
            format_date(s.from, lang),
            format_date(s.to, lang),
            format_days(s.days, lang),
        );
        let (base, rate, amount) = (
            format_amount(&s.base, lang),
            format_percent(s.annual_rate, lang),
            format_amount(&s.amount, lang),
        );
        out.push(match lang {
            Language::Fr => format!("- du {from} au {to} ({days}) : {base} à {rate} = {amount}"),
            Language::En => format!("- {from} to {to} ({days}): {base} at {rate} = {amount}"),
            Language::De => format!("- {from} bis {to} ({days}): {base} zu {rate} = {amount}"),
            Language::Nl => format!("- {from} tot {to} ({days}): {base} tegen {rate} = {amount}"),
        });
    }
    // What payments already paid of that interest (the claim ledger), so the figures
    // printed add up to the interest claimed.
    if !i.already_paid.is_zero() {
        let paid = format_amount(&i.already_paid, lang);
        out.push(match lang {
            Language::Fr => format!("- déjà réglé : {paid}"),
            Language::En => format!("- already paid: {paid}"),
            Language::De => format!("- bereits bezahlt: {paid}"),
            Language::Nl => format!("- reeds betaald: {paid}"),
        });
    }
    out
}

fn payment_lines(c: &NoticeContent) -> Vec<String> {
    let lang = c.language;
    let p = &c.payment;
    let mut out = vec![
        label(
            lang,
            [
                "Règlement par virement :",
                "Please pay by bank transfer to:",
                "Bitte überweisen Sie auf folgendes Konto:",
                "Gelieve over te schrijven op:",
            ],
        )
        .to_string(),
    ];
    out.push(field(
        lang,
        label(lang, ["Bénéficiaire", "Payee", "Empfänger", "Begunstigde"]),
        &c.creditor.name,
    ));
    out.push(field(lang, "IBAN", &p.iban));
    if let Some(bic) = &p.bic {
        out.push(field(lang, "BIC", bic));
    }
    match &p.structured_communication {
        Some(s) => out.push(field(
            lang,
            label(
                lang,
                [
                    "Communication structurée",
                    "Structured communication",
                    "Strukturierte Mitteilung",
                    "Gestructureerde mededeling",
                ],
            ),
            &s.to_string(),
        )),
        None => out.push(field(
            lang,
            label(
                lang,
                ["Référence", "Reference", "Verwendungszweck", "Referentie"],
            ),
            &p.rf_reference.print_form(),
        )),
    }
    out.push(field(
        lang,
        label(lang, ["Montant", "Amount", "Betrag", "Bedrag"]),
        &format_amount(&p.amount, lang),
    ));
    out
}

fn signature_lines(c: &NoticeContent) -> Vec<String> {
    let lang = c.language;
    let cr = &c.creditor;
    let mut out = Vec::new();
    if let Some(n) = &cr.contact_name {
        out.push(n.clone());
    }
    out.push(cr.name.clone());
    out.push(field(
        lang,
        label(
            lang,
            [
                "N° d'entreprise",
                "Company number",
                "Unternehmensnummer",
                "Ondernemingsnummer",
            ],
        ),
        &cr.company_number,
    ));
    let contact: Vec<&str> = [cr.email.as_deref(), cr.phone.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !contact.is_empty() {
        out.push(contact.join(" · "));
    }
    out
}

fn prose(
    c: &NoticeContent,
    templates: &Templates,
    part: TemplatePart,
) -> Result<Block, NoticeError> {
    let text = templates.render_part(c, part, FieldStyle::Typographic, false)?;
    let html = templates.render_part(c, part, FieldStyle::Typographic, true)?;
    Ok(Block::Prose {
        text: text.trim().to_string(),
        html: html.trim().to_string(),
    })
}

fn body_blocks(c: &NoticeContent, templates: &Templates) -> Result<Vec<Block>, NoticeError> {
    let mut blocks = vec![
        prose(c, templates, TemplatePart::Body)?,
        invoices_block(c),
        Block::Lines(interest_lines(c)),
        Block::Lines(totals_lines(c)),
        Block::Lines(payment_lines(c)),
    ];
    for m in &c.legal {
        blocks.push(Block::Prose {
            text: m.text.clone(),
            html: escape_html(&m.text),
        });
    }
    blocks.push(prose(c, templates, TemplatePart::Closing)?);
    blocks.push(Block::Lines(signature_lines(c)));
    Ok(blocks)
}

fn subject(c: &NoticeContent, templates: &Templates) -> Result<String, NoticeError> {
    let s = templates.render_part(c, TemplatePart::Subject, FieldStyle::Typographic, false)?;
    // One line: customer names and invoice numbers are host data, so line breaks and
    // control characters become spaces; no-break spaces are kept.
    Ok(sanitize_header(&s))
}

/// `value` for the recipient header `field`, checked with `check`.
fn recipient(
    field: &'static str,
    value: Option<&String>,
    check: fn(&str) -> Result<(), HeaderError>,
) -> Result<Option<String>, NoticeError> {
    match value {
        Some(v) => match check(v) {
            Ok(()) => Ok(Some(v.clone())),
            Err(source) => Err(NoticeError::InvalidRecipient { field, source }),
        },
        None => Ok(None),
    }
}

fn phone_task(c: &NoticeContent) -> Result<PhoneTask, NoticeError> {
    let lang = c.language;
    let n = c.invoices.len();
    let total = format_amount(&c.total, lang);
    let count = match (lang, n == 1) {
        (Language::Fr, true) => "1 facture impayée".to_string(),
        (Language::Fr, false) => format!("{n} factures impayées"),
        (Language::En, true) => "1 unpaid invoice".to_string(),
        (Language::En, false) => format!("{n} unpaid invoices"),
        (Language::De, true) => "1 offene Rechnung".to_string(),
        (Language::De, false) => format!("{n} offene Rechnungen"),
        (Language::Nl, true) => "1 openstaande factuur".to_string(),
        (Language::Nl, false) => format!("{n} openstaande facturen"),
    };
    let reason = field(
        lang,
        &title_of(c),
        &match lang {
            Language::Fr => format!("{count}, {total} à payer"),
            Language::En => format!("{count}, {total} to pay"),
            Language::De => format!("{count}, {total} zu zahlen"),
            Language::Nl => format!("{count}, {total} te betalen"),
        },
    );
    let cr = &c.creditor;
    let contact = cr.contact_name.clone().unwrap_or_else(|| cr.name.clone());
    let mut points = vec![match lang {
        Language::Fr => format!("Se présenter : {contact}, {}.", cr.name),
        Language::En => format!("Introduce yourself: {contact}, {}.", cr.name),
        Language::De => format!("Vorstellen: {contact}, {}.", cr.name),
        Language::Nl => format!("Stel u voor: {contact}, {}.", cr.name),
    }];
    points.extend(
        invoice_lines(c)
            .into_iter()
            .map(|l| l.trim_start_matches("- ").to_string()),
    );
    points.extend(totals_lines(c));
    if let Some(d) = &c.deadline {
        let date = format_date(d.date, lang);
        points.push(match lang {
            Language::Fr => format!("Délai de paiement : au plus tard le {date}."),
            Language::En => format!("Deadline: payment by {date}."),
            Language::De => format!("Frist: Zahlung bis spätestens {date}."),
            Language::Nl => format!("Termijn: betaling uiterlijk op {date}."),
        });
    }
    points.push(
        label(
            lang,
            [
                "Demander une date de paiement et l'enregistrer comme promesse de paiement.",
                "Ask for a payment date and record it as a promise to pay.",
                "Nach einem Zahlungsdatum fragen und es als Zahlungsversprechen erfassen.",
                "Vraag naar een betaaldatum en registreer die als betalingsbelofte.",
            ],
        )
        .to_string(),
    );
    points.push(
        label(
            lang,
            [
                "En cas de contestation, noter le motif et ouvrir un litige.",
                "If the customer disputes an invoice, note the reason and open a dispute.",
                "Bei Einwänden den Grund notieren und einen Streitfall anlegen.",
                "Bij betwisting de reden noteren en een geschil openen.",
            ],
        )
        .to_string(),
    );
    let reference = c.payment.preferred_reference();
    let iban = &c.payment.iban;
    points.push(match lang {
        Language::Fr => format!("Coordonnées de paiement : IBAN {iban}, référence {reference}."),
        Language::En => format!("Payment details: IBAN {iban}, reference {reference}."),
        Language::De => format!("Zahlungsdaten: IBAN {iban}, Verwendungszweck {reference}."),
        Language::Nl => format!("Betaalgegevens: IBAN {iban}, referentie {reference}."),
    });
    Ok(PhoneTask {
        call: sanitize_header(&c.debtor.name),
        number: recipient("phone", c.debtor.phone.as_ref(), validate_header_value)?,
        reason,
        talking_points: points,
    })
}

fn place_and_date(c: &NoticeContent) -> String {
    let lang = c.language;
    let date = format_date(c.date, lang);
    let city = c.creditor.city.trim();
    match (lang, city.is_empty()) {
        (Language::Fr, true) => format!("Le {date}"),
        (Language::Fr, false) => format!("{city}, le {date}"),
        (_, true) => date,
        (_, false) => format!("{city}, {date}"),
    }
}

fn html_document(lang: Language, subject: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n{}\n</body>\n</html>",
        lang.code(),
        escape_html(subject),
        body
    )
}

/// Renders `content` for its channel with `templates`.
///
/// Recipients and one-line texts are checked for header injection (see
/// [`validate_email`](crate::notice::validate_email)): a recipient with a control character or a line
/// break, or an e-mail address that is not plausible, is refused; such characters in a
/// subject, title, letter address line or the name to call become spaces.
///
/// # Errors
/// [`NoticeError::Render`] when a template fails on this content;
/// [`NoticeError::InvalidRecipient`] for the debtor's e-mail address, mobile, phone or
/// portal account on the channel that uses it.
///
/// # Example
/// ```
/// use relance::notice::{render, RenderedNotice, Templates};
/// let content = Templates::sample_content(relance::Language::En);
/// let RenderedNotice::Email(e) = render(&content, &Templates::new())? else { unreachable!() };
/// assert_eq!(e.subject, "Payment overdue: invoices S-1, S-2");
/// assert!(e.html.starts_with("<!DOCTYPE html>"));
/// # Ok::<(), relance::notice::NoticeError>(())
/// ```
pub fn render(
    content: &NoticeContent,
    templates: &Templates,
) -> Result<RenderedNotice, NoticeError> {
    let c = content;
    let lang = c.language;
    Ok(match c.channel {
        Channel::Email => {
            let subject = subject(c, templates)?;
            let blocks = body_blocks(c, templates)?;
            RenderedNotice::Email(Email {
                to: recipient("email", c.debtor.email.as_ref(), validate_email)?,
                text: blocks_text(&blocks),
                html: html_document(lang, &subject, &blocks_html(&blocks)),
                subject,
            })
        }
        Channel::Letter | Channel::RegisteredLetter => {
            let registered = c.channel == Channel::RegisteredLetter;
            let subject = subject(c, templates)?;
            let blocks = body_blocks(c, templates)?;
            // One line per element: a line break in host data cannot add lines.
            let sender: Vec<String> = std::iter::once(&c.creditor.name)
                .chain(&c.creditor.address)
                .map(|l| sanitize_header(l))
                .collect();
            let recipient: Vec<String> = std::iter::once(&c.debtor.name)
                .chain(c.debtor.address.iter().flatten())
                .map(|l| sanitize_header(l))
                .collect();
            RenderedNotice::Letter(Letter {
                registered,
                sender,
                recipient,
                place_and_date: place_and_date(c),
                registered_mention: if registered {
                    label(
                        lang,
                        [
                            "Lettre recommandée avec accusé de réception",
                            "By recorded delivery",
                            "Einschreiben mit Rückschein",
                            "Aangetekende brief",
                        ],
                    )
                    .to_string()
                } else {
                    String::new()
                },
                subject: field(
                    lang,
                    label(lang, ["Objet", "Subject", "Betreff", "Betreft"]),
                    &subject,
                ),
                body: blocks_text(&blocks),
            })
        }
        Channel::Sms => {
            let text = templates
                .render_part(c, TemplatePart::Sms, FieldStyle::Plain, false)?
                .trim()
                .to_string();
            RenderedNotice::Sms(Sms {
                to: recipient("mobile", c.debtor.mobile.as_ref(), validate_header_value)?,
                length: sms_length(&text),
                text,
            })
        }
        Channel::Phone => RenderedNotice::PhoneTask(phone_task(c)?),
        Channel::Portal => {
            let title = subject(c, templates)?;
            let blocks = body_blocks(c, templates)?;
            RenderedNotice::Portal(PortalMessage {
                account: recipient(
                    "portal_account",
                    c.debtor.portal_account.as_ref(),
                    validate_header_value,
                )?,
                title,
                body: blocks_text(&blocks),
            })
        }
    })
}
