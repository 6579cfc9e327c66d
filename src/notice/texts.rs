//! The default wording: templates for each language, tone and part, and the labels of the
//! fixed blocks (invoice list, totals, payment instructions, signature).
//!
//! The templates are minijinja templates rendered with the fields of
//! [`TemplateFields`](crate::notice::templates::TemplateFields), exactly like a host's
//! override, so a host can start from them.

use crate::jurisdiction::Language;
use crate::ladder::{Ladder, Stage};
use crate::notice::tone::{TemplatePart, Tone};
use rust_decimal::Decimal;

/// The text for `lang` among `[fr, en, de, nl]`.
pub(crate) fn pick(lang: Language, texts: [String; 4]) -> String {
    let [fr, en, de, nl] = texts;
    match lang {
        Language::Fr => fr,
        Language::En => en,
        Language::De => de,
        Language::Nl => nl,
    }
}

/// The label for `lang` among `[fr, en, de, nl]`.
pub(crate) fn label(lang: Language, texts: [&'static str; 4]) -> &'static str {
    let [fr, en, de, nl] = texts;
    match lang {
        Language::Fr => fr,
        Language::En => en,
        Language::De => de,
        Language::Nl => nl,
    }
}

/// A yearly rate in percent as `lang` writes it: `12,15 %` (fr, de, with a no-break
/// space), `12.15%` (en), `12,15%` (nl).
///
/// # Example
/// ```
/// use relance::notice::format_percent;
/// use relance::Language;
/// assert_eq!(format_percent("12.150".parse().unwrap(), Language::Fr), "12,15\u{a0}%");
/// assert_eq!(format_percent("8".parse().unwrap(), Language::En), "8%");
/// ```
pub fn format_percent(rate: Decimal, lang: Language) -> String {
    let s = rate.normalize().to_string();
    match lang {
        Language::En => format!("{s}%"),
        Language::Nl => format!("{}%", s.replace('.', ",")),
        Language::Fr | Language::De => format!("{}\u{a0}%", s.replace('.', ",")),
    }
}

/// The title of a notice in `language`: what its reader calls it, printed in the German
/// subjects and SMS and in every phone task. `tone` is the notice's, `step` its step on
/// `ladder` (the highest among its invoices).
///
/// By tone ("Relance", "Follow-up reminder", "Mise en demeure", "Formal notice"...),
/// except in German, where reminders are counted by their position among the ladder's
/// steps after the due date (amicable and formal-notice steps with a positive offset):
/// - the first reminder (tone [`Tone::FirstReminder`]: the first amicable step after the
///   due date, or a courtesy message before it) is the *Zahlungserinnerung*;
/// - each later amicable or formal-notice step is the *n. Mahnung*, n counting the steps
///   after the due date up to and including it, the Zahlungserinnerung left out;
/// - except the last formal-notice step of the ladder, the final warning before the
///   judicial stage, which is the *Letzte Mahnung*: a ladder with two formal notices sends
///   a "2. Mahnung" then one "Letzte Mahnung". The title does not add "vor gerichtlichem
///   Mahnverfahren": the ladder's judicial step may be another procedure, or another
///   country's;
/// - the judicial step is the *Übergabe zur gerichtlichen Beitreibung*.
///
/// # Example
/// ```
/// use relance::{Channel, Language, Ladder, Stage, Step};
/// use relance::notice::{step_title, Tone};
/// let ladder = Ladder::new("de", vec![
///     Step::new("Zahlungserinnerung", Stage::Amicable, 7, &[Channel::Email]),
///     Step::new("Mahnung", Stage::Amicable, 21, &[Channel::Email]),
///     Step::new("Mahnung mit Frist", Stage::FormalNotice, 35, &[Channel::Letter]),
///     Step::new("letzte Frist", Stage::FormalNotice, 50, &[Channel::Letter]),
///     Step::new("Übergabe", Stage::Judicial, 70, &[Channel::Letter]),
/// ]);
/// let title = |step: usize| {
///     let tone = Tone::for_step(&ladder, step, ladder.steps[step].stage);
///     step_title(Language::De, tone, &ladder, step)
/// };
/// assert_eq!(title(0), "Zahlungserinnerung");
/// assert_eq!(title(1), "1. Mahnung");
/// assert_eq!(title(2), "2. Mahnung");
/// assert_eq!(title(3), "Letzte Mahnung");
/// assert_eq!(title(4), "Übergabe zur gerichtlichen Beitreibung");
/// assert_eq!(step_title(Language::Fr, Tone::FormalNotice, &ladder, 2), "Mise en demeure");
/// ```
pub fn step_title(language: Language, tone: Tone, ladder: &Ladder, step: usize) -> String {
    let by_tone = tone_title(language, tone).to_string();
    if language != Language::De {
        return by_tone;
    }
    match tone {
        Tone::FirstReminder | Tone::HandOver => by_tone,
        Tone::FollowUp | Tone::FormalNotice => {
            let later_formal = ladder
                .steps
                .iter()
                .skip(step.saturating_add(1))
                .any(|s| s.stage == Stage::FormalNotice);
            if tone == Tone::FormalNotice && !later_formal {
                return by_tone;
            }
            let mut overdue = ladder
                .steps
                .iter()
                .take(step.saturating_add(1))
                .filter(|s| s.offset_days > 0 && s.stage != Stage::Judicial)
                .peekable();
            let first_is_reminder = overdue.peek().is_some_and(|s| s.stage == Stage::Amicable);
            let n = overdue
                .count()
                .saturating_sub(usize::from(first_is_reminder))
                .max(1);
            format!("{n}. Mahnung")
        }
    }
}

/// What a notice of `tone` is called in `lang`, whatever its place on the ladder (German
/// counts its reminders: see [`step_title`]).
pub(crate) fn tone_title(lang: Language, tone: Tone) -> &'static str {
    match tone {
        Tone::FirstReminder => label(
            lang,
            [
                "Premier rappel",
                "First reminder",
                "Zahlungserinnerung",
                "Eerste herinnering",
            ],
        ),
        Tone::FollowUp => label(
            lang,
            [
                "Relance",
                "Follow-up reminder",
                "Mahnung",
                "Tweede herinnering",
            ],
        ),
        Tone::FormalNotice => label(
            lang,
            [
                "Mise en demeure",
                "Formal notice",
                "Letzte Mahnung",
                "Ingebrekestelling",
            ],
        ),
        Tone::HandOver => label(
            lang,
            [
                "Transmission pour recouvrement judiciaire",
                "Referral for legal recovery",
                "Übergabe zur gerichtlichen Beitreibung",
                "Overdracht voor gerechtelijke invordering",
            ],
        ),
    }
}

/// The default template for a language, tone and part.
pub(crate) fn default_template(lang: Language, tone: Tone, part: TemplatePart) -> &'static str {
    use TemplatePart::{Body, Closing, Sms, Subject};
    use Tone::{FirstReminder, FollowUp, FormalNotice, HandOver};
    match (lang, tone, part) {
        // ---------------------------------------------------------------- French
        (Language::Fr, FirstReminder, Subject) => "Rappel : {% if invoice_count == 1 %}facture {{ invoice_numbers }} en attente de règlement{% else %}{{ invoice_count }} factures en attente de règlement{% endif %}",
        (Language::Fr, FirstReminder, Body) => "Madame, Monsieur,

{% if overdue %}Sauf erreur de notre part, {% if invoice_count == 1 %}la facture ci-dessous, arrivée à échéance le {{ oldest_due_date }}, n'a pas encore été réglée{% else %}les factures ci-dessous n'ont pas encore été réglées{% endif %}. Il s'agit sans doute d'un simple oubli.{% else %}Nous vous rappelons que {% if invoice_count == 1 %}la facture ci-dessous arrive à échéance le {{ oldest_due_date }}{% else %}les factures ci-dessous arrivent prochainement à échéance{% endif %}.{% endif %}

Nous vous remercions de bien vouloir régler la somme de {{ total }}{% if has_deadline %} au plus tard le {{ deadline }}{% endif %}. Si votre paiement a croisé ce message, merci de ne pas en tenir compte.",
        (Language::Fr, FirstReminder, Closing) => "Nous restons à votre disposition pour toute question.

Cordialement,",
        (Language::Fr, FirstReminder, Sms) => "{{ creditor_name }} : sauf erreur, {% if invoice_count == 1 %}la facture {{ invoice_numbers }} reste impayée{% else %}{{ invoice_count }} factures restent impayées{% endif %} ({{ total }}). Merci de régler avec la réf. {{ payment_reference }}",
        (Language::Fr, FollowUp, Subject) => "Relance : {% if invoice_count == 1 %}facture {{ invoice_numbers }} impayée{% else %}factures {{ invoice_numbers }} impayées{% endif %}",
        (Language::Fr, FollowUp, Body) => "Madame, Monsieur,

Malgré notre précédent rappel, nous n'avons pas reçu le règlement {% if invoice_count == 1 %}de la facture ci-dessous, échue depuis le {{ oldest_due_date }}{% else %}des factures ci-dessous{% endif %}.

Nous vous demandons de régler la somme de {{ total }} {% if has_deadline %}au plus tard le {{ deadline }}{% else %}dès réception de ce rappel{% endif %}. Si vous rencontrez une difficulté de paiement, contactez-nous sans attendre afin de convenir d'une solution.",
        (Language::Fr, FollowUp, Closing) => "Dans l'attente de votre règlement, nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.",
        (Language::Fr, FollowUp, Sms) => "{{ creditor_name }} : relance, {{ total }} reste impayé (fact. {{ invoice_numbers }}). Merci de régler{% if has_deadline %} avant le {{ deadline }}{% endif %}, réf. {{ payment_reference }}",
        (Language::Fr, FormalNotice, Subject) => "Mise en demeure de payer la somme de {{ total }}",
        (Language::Fr, FormalNotice, Body) => "Madame, Monsieur,

Malgré nos rappels restés sans effet, {% if invoice_count == 1 %}la facture ci-dessous demeure impayée{% else %}les factures ci-dessous demeurent impayées{% endif %}.

Nous vous mettons en demeure de nous régler la somme de {{ total }}{% if has_deadline %} au plus tard le {{ deadline }}{% else %} sans délai{% endif %}.

À défaut de paiement dans ce délai, nous engagerons sans autre avis une procédure de recouvrement judiciaire, dont les frais pourront être mis à votre charge.",
        (Language::Fr, FormalNotice, Closing) => "Veuillez agréer, Madame, Monsieur, nos salutations distinguées.",
        (Language::Fr, FormalNotice, Sms) => "{{ creditor_name }} : MISE EN DEMEURE de régler {{ total }}{% if has_deadline %} avant le {{ deadline }}{% endif %}, réf. {{ payment_reference }}. Sans paiement : procédure judiciaire.",
        (Language::Fr, HandOver, Subject) => "Transmission de votre dossier pour recouvrement judiciaire : {{ total }}",
        (Language::Fr, HandOver, Body) => "Madame, Monsieur,

Notre mise en demeure est restée sans effet : la somme de {{ total }} demeure impayée.

Nous transmettons ce jour votre dossier en vue de son recouvrement par voie judiciaire. Seul le règlement immédiat de l'intégralité de la somme due permet encore d'éviter cette procédure.",
        (Language::Fr, HandOver, Closing) => "Veuillez agréer, Madame, Monsieur, nos salutations distinguées.",
        (Language::Fr, HandOver, Sms) => "{{ creditor_name }} : faute de paiement de {{ total }}, votre dossier est transmis pour recouvrement judiciaire. Réf. {{ payment_reference }}",
        // ---------------------------------------------------------------- English
        (Language::En, FirstReminder, Subject) => "Reminder: {% if invoice_count == 1 %}invoice {{ invoice_numbers }} awaiting payment{% else %}{{ invoice_count }} invoices awaiting payment{% endif %}",
        (Language::En, FirstReminder, Body) => "Dear {{ customer_name }},

{% if overdue %}According to our records, {% if invoice_count == 1 %}the invoice below, due on {{ oldest_due_date }}, has not been paid yet{% else %}the invoices below have not been paid yet{% endif %}. This is probably just an oversight.{% else %}This is a friendly reminder that {% if invoice_count == 1 %}the invoice below falls due on {{ oldest_due_date }}{% else %}the invoices below fall due shortly{% endif %}.{% endif %}

Please pay {{ total }}{% if has_deadline %} by {{ deadline }}{% endif %}. If you have already paid, please disregard this message.",
        (Language::En, FirstReminder, Closing) => "If you have any questions, please do not hesitate to contact us.

Kind regards,",
        (Language::En, FirstReminder, Sms) => "{{ creditor_name }}: our records show {% if invoice_count == 1 %}invoice {{ invoice_numbers }}{% else %}{{ invoice_count }} invoices{% endif %} ({{ total }}) unpaid. Please pay quoting ref {{ payment_reference }}",
        (Language::En, FollowUp, Subject) => "Payment overdue: invoice{% if invoice_count > 1 %}s{% endif %} {{ invoice_numbers }}",
        (Language::En, FollowUp, Body) => "Dear {{ customer_name }},

Despite our previous reminder, we have not received payment of {% if invoice_count == 1 %}the invoice below, which fell due on {{ oldest_due_date }}{% else %}the invoices below{% endif %}.

Please pay {{ total }} {% if has_deadline %}by {{ deadline }}{% else %}on receipt of this reminder{% endif %}. If you are having difficulty paying, please contact us now so that we can agree on a solution.",
        (Language::En, FollowUp, Closing) => "We look forward to receiving your payment.

Yours sincerely,",
        (Language::En, FollowUp, Sms) => "{{ creditor_name }}: reminder, {{ total }} is overdue (inv. {{ invoice_numbers }}). Please pay{% if has_deadline %} by {{ deadline }}{% endif %}, ref {{ payment_reference }}",
        (Language::En, FormalNotice, Subject) => "{% if country == \"GB\" %}Letter before action{% else %}Formal notice{% endif %}: payment of {{ total }}",
        (Language::En, FormalNotice, Body) => "Dear {{ customer_name }},

Despite our reminders, {% if invoice_count == 1 %}the invoice below remains unpaid{% else %}the invoices below remain unpaid{% endif %}.

We hereby formally demand payment of {{ total }}{% if has_deadline %} by {{ deadline }}{% else %} without delay{% endif %}.

{% if country == \"GB\" %}If we receive neither payment nor a response by then, we may start court proceedings against you without further notice.{% else %}If payment is not received by then, we will take legal action to recover the debt without further notice, and may seek the costs of doing so from you.{% endif %}",
        (Language::En, FormalNotice, Closing) => "Yours sincerely,",
        (Language::En, FormalNotice, Sms) => "{{ creditor_name }}: FORMAL DEMAND to pay {{ total }}{% if has_deadline %} by {{ deadline }}{% endif %}, ref {{ payment_reference }}. Otherwise legal action will follow.",
        (Language::En, HandOver, Subject) => "Debt referred for legal recovery: {{ total }}",
        (Language::En, HandOver, Body) => "Dear {{ customer_name }},

Our formal demand has gone unanswered and {{ total }} remains unpaid.

We are today referring the matter for recovery through the courts. Only immediate payment of the full amount can still prevent these proceedings.",
        (Language::En, HandOver, Closing) => "Yours sincerely,",
        (Language::En, HandOver, Sms) => "{{ creditor_name }}: {{ total }} is unpaid and your account is being referred for legal recovery. Ref {{ payment_reference }}",
        // ---------------------------------------------------------------- German
        (Language::De, FirstReminder, Subject) => "Zahlungserinnerung: {% if invoice_count == 1 %}Rechnung {{ invoice_numbers }}{% else %}{{ invoice_count }} offene Rechnungen{% endif %}",
        (Language::De, FirstReminder, Body) => "Sehr geehrte Damen und Herren,

{% if overdue %}bei der Durchsicht unserer Buchhaltung haben wir festgestellt, dass {% if invoice_count == 1 %}die unten aufgeführte Rechnung, fällig am {{ oldest_due_date }}, noch nicht beglichen wurde{% else %}die unten aufgeführten Rechnungen noch nicht beglichen wurden{% endif %}. Sicherlich handelt es sich um ein Versehen.{% else %}wir möchten Sie freundlich daran erinnern, dass {% if invoice_count == 1 %}die unten aufgeführte Rechnung am {{ oldest_due_date }} fällig wird{% else %}die unten aufgeführten Rechnungen demnächst fällig werden{% endif %}.{% endif %}

Bitte überweisen Sie den Betrag von {{ total }}{% if has_deadline %} bis zum {{ deadline }}{% endif %}. Sollten Sie die Zahlung bereits veranlasst haben, betrachten Sie dieses Schreiben bitte als gegenstandslos.",
        (Language::De, FirstReminder, Closing) => "Für Rückfragen stehen wir Ihnen gerne zur Verfügung.

Mit freundlichen Grüßen",
        (Language::De, FirstReminder, Sms) => "{{ creditor_name }}: {% if invoice_count == 1 %}Rechnung {{ invoice_numbers }}{% else %}{{ invoice_count }} Rechnungen{% endif %} ({{ total }}) noch offen. Bitte überweisen Sie mit Verwendungszweck {{ payment_reference }}",
        (Language::De, FollowUp, Subject) => "{{ title }}: Rechnung{% if invoice_count > 1 %}en{% endif %} {{ invoice_numbers }}",
        (Language::De, FollowUp, Body) => "Sehr geehrte Damen und Herren,

trotz unserer Zahlungserinnerung konnten wir bisher keinen Zahlungseingang für {% if invoice_count == 1 %}die unten aufgeführte Rechnung feststellen, die seit dem {{ oldest_due_date }} fällig ist{% else %}die unten aufgeführten Rechnungen feststellen{% endif %}.

Bitte überweisen Sie den Betrag von {{ total }} {% if has_deadline %}bis spätestens {{ deadline }}{% else %}umgehend{% endif %}. Sollten Sie Schwierigkeiten bei der Zahlung haben, setzen Sie sich bitte umgehend mit uns in Verbindung, damit wir gemeinsam eine Lösung finden.",
        (Language::De, FollowUp, Closing) => "Mit freundlichen Grüßen",
        (Language::De, FollowUp, Sms) => "{{ creditor_name }}: {{ title }}, {{ total }} überfällig (Rg. {{ invoice_numbers }}). Bitte zahlen Sie{% if has_deadline %} bis {{ deadline }}{% endif %}, Ref. {{ payment_reference }}",
        (Language::De, FormalNotice, Subject) => "{{ title }}: Zahlung von {{ total }}",
        (Language::De, FormalNotice, Body) => "Sehr geehrte Damen und Herren,

trotz unserer bisherigen Mahnungen {% if invoice_count == 1 %}ist die unten aufgeführte Rechnung weiterhin unbezahlt{% else %}sind die unten aufgeführten Rechnungen weiterhin unbezahlt{% endif %}.

Wir fordern Sie hiermit auf, den Betrag von {{ total }} {% if has_deadline %}bis spätestens {{ deadline }}{% else %}unverzüglich{% endif %} zu zahlen.

Sollte die Zahlung bis dahin nicht eingehen, werden wir ohne weitere Ankündigung gerichtliche Schritte einleiten; die dadurch entstehenden Kosten gehen zu Ihren Lasten.",
        (Language::De, FormalNotice, Closing) => "Mit freundlichen Grüßen",
        (Language::De, FormalNotice, Sms) => "{{ creditor_name }}: {{ title|upper }}, zahlen Sie {{ total }}{% if has_deadline %} bis {{ deadline }}{% endif %}, Ref. {{ payment_reference }}. Danach gerichtliche Schritte.",
        (Language::De, HandOver, Subject) => "Übergabe zur gerichtlichen Beitreibung: {{ total }}",
        (Language::De, HandOver, Body) => "Sehr geehrte Damen und Herren,

auf unsere letzte Mahnung haben Sie nicht reagiert; der Betrag von {{ total }} ist weiterhin offen.

Wir übergeben die Forderung heute zur gerichtlichen Beitreibung. Nur die sofortige Zahlung des gesamten Betrags kann dieses Verfahren noch abwenden.",
        (Language::De, HandOver, Closing) => "Mit freundlichen Grüßen",
        (Language::De, HandOver, Sms) => "{{ creditor_name }}: {{ total }} unbezahlt, Ihre Forderung geht zur gerichtlichen Beitreibung. Ref. {{ payment_reference }}",
        // ---------------------------------------------------------------- Dutch
        (Language::Nl, FirstReminder, Subject) => "Betalingsherinnering: {% if invoice_count == 1 %}factuur {{ invoice_numbers }}{% else %}{{ invoice_count }} openstaande facturen{% endif %}",
        (Language::Nl, FirstReminder, Body) => "Geachte heer, mevrouw,

{% if overdue %}Volgens onze administratie {% if invoice_count == 1 %}is de onderstaande factuur, vervallen op {{ oldest_due_date }}, nog niet betaald{% else %}zijn de onderstaande facturen nog niet betaald{% endif %}. Wellicht is dit aan uw aandacht ontsnapt.{% else %}Wij herinneren u eraan dat {% if invoice_count == 1 %}de onderstaande factuur vervalt op {{ oldest_due_date }}{% else %}de onderstaande facturen binnenkort vervallen{% endif %}.{% endif %}

Wij verzoeken u vriendelijk het bedrag van {{ total }} te betalen{% if has_deadline %} uiterlijk op {{ deadline }}{% endif %}. Heeft u inmiddels betaald, dan mag u deze herinnering als niet verzonden beschouwen.",
        (Language::Nl, FirstReminder, Closing) => "Voor vragen staan wij graag tot uw beschikking.

Met vriendelijke groet,",
        (Language::Nl, FirstReminder, Sms) => "{{ creditor_name }}: {% if invoice_count == 1 %}factuur {{ invoice_numbers }}{% else %}{{ invoice_count }} facturen{% endif %} ({{ total }}) staat nog open. Gelieve te betalen met referentie {{ payment_reference }}",
        (Language::Nl, FollowUp, Subject) => "Tweede herinnering: factu{% if invoice_count == 1 %}ur{% else %}ren{% endif %} {{ invoice_numbers }}",
        (Language::Nl, FollowUp, Body) => "Geachte heer, mevrouw,

Ondanks onze eerdere herinnering hebben wij nog geen betaling ontvangen voor {% if invoice_count == 1 %}de onderstaande factuur, vervallen op {{ oldest_due_date }}{% else %}de onderstaande facturen{% endif %}.

Wij verzoeken u het bedrag van {{ total }} {% if has_deadline %}uiterlijk op {{ deadline }}{% else %}per omgaande{% endif %} te betalen. Heeft u moeite met betalen, neem dan nu contact met ons op, zodat wij samen een oplossing kunnen vinden.",
        (Language::Nl, FollowUp, Closing) => "In afwachting van uw betaling,

Met vriendelijke groet,",
        (Language::Nl, FollowUp, Sms) => "{{ creditor_name }}: herinnering, {{ total }} vervallen (fact. {{ invoice_numbers }}). Gelieve te betalen{% if has_deadline %} voor {{ deadline }}{% endif %}, ref. {{ payment_reference }}",
        (Language::Nl, FormalNotice, Subject) => "Ingebrekestelling: betaling van {{ total }}",
        (Language::Nl, FormalNotice, Body) => "Geachte heer, mevrouw,

Ondanks onze herinneringen {% if invoice_count == 1 %}is de onderstaande factuur nog steeds onbetaald{% else %}zijn de onderstaande facturen nog steeds onbetaald{% endif %}.

Wij stellen u hierbij in gebreke en verzoeken u het bedrag van {{ total }} {% if has_deadline %}uiterlijk op {{ deadline }}{% else %}onverwijld{% endif %} te betalen.

Blijft de betaling binnen deze termijn uit, dan zullen wij zonder verdere verwittiging gerechtelijke stappen ondernemen; de kosten daarvan kunnen op u worden verhaald.",
        (Language::Nl, FormalNotice, Closing) => "Hoogachtend,",
        (Language::Nl, FormalNotice, Sms) => "{{ creditor_name }}: INGEBREKESTELLING, betaal {{ total }}{% if has_deadline %} uiterlijk {{ deadline }}{% endif %}, ref. {{ payment_reference }}. Anders volgen gerechtelijke stappen.",
        (Language::Nl, HandOver, Subject) => "Overdracht voor gerechtelijke invordering: {{ total }}",
        (Language::Nl, HandOver, Body) => "Geachte heer, mevrouw,

Op onze ingebrekestelling werd niet gereageerd: het bedrag van {{ total }} blijft onbetaald.

Wij dragen uw dossier vandaag over voor gerechtelijke invordering. Alleen de onmiddellijke betaling van het volledige bedrag kan deze procedure nog voorkomen.",
        (Language::Nl, HandOver, Closing) => "Hoogachtend,",
        (Language::Nl, HandOver, Sms) => "{{ creditor_name }}: {{ total }} onbetaald, uw dossier wordt overgedragen voor gerechtelijke invordering. Ref. {{ payment_reference }}",
    }
}
