//! Rendered notices: snapshots (language x tone x country x channel), escaping, templates
//! checked at load, SMS length, legal mentions, interest, dossier.

mod notice_fixtures;

use notice_fixtures::*;
use relance::notice::SmsEncoding;
use relance::notice::*;
use relance::*;

const CHANNELS: [Channel; 6] = [
    Channel::Email,
    Channel::Letter,
    Channel::RegisteredLetter,
    Channel::Sms,
    Channel::Phone,
    Channel::Portal,
];

fn tone_step(tone: Tone) -> usize {
    match tone {
        Tone::FirstReminder => 0,
        Tone::FollowUp => 1,
        Tone::FormalNotice => 2,
        Tone::HandOver => 3,
    }
}

fn kind_name(kind: CustomerKind) -> &'static str {
    match kind {
        CustomerKind::Business => "business",
        CustomerKind::Consumer => "consumer",
        CustomerKind::Public => "public",
    }
}

/// Every channel of one notice, in one file.
fn render_all(customer: &Customer, invoices: &[Invoice], tone: Tone) -> String {
    let templates = Templates::new();
    let mut out = String::new();
    for channel in CHANNELS {
        let content = content_for(customer, invoices, tone_step(tone), channel);
        assert_eq!(content.tone, tone, "{channel:?}");
        let rendered = render(&content, &templates).expect("renders");
        out.push_str(&format!(
            "======================== {} ========================\n",
            channel.as_str()
        ));
        out.push_str(&rendered.to_text());
        out.push_str("\n\n");
    }
    out
}

fn snapshot_case(country: Country, lang: Language, kind: CustomerKind, tone: Tone) {
    let c = customer(country, lang, kind);
    let invoices = [invoice(
        "INV-1",
        "F-2025-0042",
        currency(country),
        "1234.56",
        "2025-02-14",
    )];
    let name = format!(
        "{}-{}-{}-{}.txt",
        country.code().to_lowercase(),
        lang.code(),
        kind_name(kind),
        tone.as_str()
    );
    assert_snapshot(&name, &render_all(&c, &invoices, tone));
}

#[test]
fn snapshots_france() {
    for tone in Tone::ALL {
        snapshot_case(Country::FR, Language::Fr, CustomerKind::Business, tone);
    }
    snapshot_case(
        Country::FR,
        Language::Fr,
        CustomerKind::Consumer,
        Tone::FormalNotice,
    );
    snapshot_case(
        Country::FR,
        Language::En,
        CustomerKind::Business,
        Tone::FormalNotice,
    );
}

#[test]
fn snapshots_belgium() {
    for lang in [Language::Fr, Language::Nl] {
        snapshot_case(
            Country::BE,
            lang,
            CustomerKind::Consumer,
            Tone::FirstReminder,
        );
        snapshot_case(Country::BE, lang, CustomerKind::Business, Tone::FollowUp);
        snapshot_case(
            Country::BE,
            lang,
            CustomerKind::Business,
            Tone::FormalNotice,
        );
    }
    snapshot_case(
        Country::BE,
        Language::Fr,
        CustomerKind::Consumer,
        Tone::FollowUp,
    );
}

#[test]
fn snapshots_germany() {
    for tone in Tone::ALL {
        snapshot_case(Country::DE, Language::De, CustomerKind::Business, tone);
    }
    snapshot_case(
        Country::DE,
        Language::De,
        CustomerKind::Consumer,
        Tone::FollowUp,
    );
}

#[test]
fn snapshots_united_kingdom() {
    for tone in Tone::ALL {
        snapshot_case(Country::GB, Language::En, CustomerKind::Business, tone);
    }
    snapshot_case(
        Country::GB,
        Language::En,
        CustomerKind::Consumer,
        Tone::FormalNotice,
    );
}

#[test]
fn snapshot_two_invoices_with_interest() {
    let c = customer(Country::FR, Language::Fr, CustomerKind::Business);
    let invoices = [
        invoice(
            "INV-1",
            "F-2025-0042",
            Currency::EUR,
            "1200.00",
            "2025-02-14",
        ),
        invoice(
            "INV-2",
            "F-2025-0057",
            Currency::EUR,
            "345.60",
            "2025-02-14",
        ),
    ];
    let eur = |s: &str| Money::parse(s, Currency::EUR).expect("amount");
    // 2025 H1 French rate: ECB 3.15 + 10 = 13.15 %; 1,545.60 x 13.15 % x 35 / 365 = 19.49.
    let interest = InterestSection {
        segments: vec![InterestSegment {
            from: d("2025-02-15"),
            to: d("2025-03-21"),
            days: 35,
            base: eur("1545.60"),
            annual_rate: dec("13.15"),
            amount: eur("19.49"),
        }],
        already_paid: eur("0.00"),
        interest: eur("19.49"),
        fixed_compensation: eur("80.00"),
        total: eur("99.49"),
    };
    let templates = Templates::new();
    let mut out = String::new();
    for channel in [Channel::RegisteredLetter, Channel::Email] {
        let content = content_for(&c, &invoices, 2, channel)
            .with_interest(interest.clone(), &Policy::default())
            .expect("interest adds up");
        // 1,545.60 + the two 7.50 fees of the second reminder, unpaid + 99.49.
        assert_eq!(content.total, eur("1660.09"));
        out.push_str(&render(&content, &templates).expect("renders").to_text());
        out.push_str("\n\n");
    }
    assert!(
        out.contains("13,15\u{a0}% l'an"),
        "rate in the L441-10 mention"
    );
    assert_snapshot("fr-fr-business-formal_notice-interest.txt", &out);
}

#[test]
fn every_language_tone_and_channel_renders() {
    let templates = Templates::new();
    for country in [Country::FR, Country::BE, Country::DE, Country::GB] {
        for lang in [Language::Fr, Language::En, Language::De, Language::Nl] {
            let c = customer(country, lang, CustomerKind::Business);
            let inv = [invoice(
                "INV-1",
                "F-1",
                currency(country),
                "99.90",
                "2025-02-14",
            )];
            for tone in Tone::ALL {
                for channel in CHANNELS {
                    let content = content_for(&c, &inv, tone_step(tone), channel);
                    let r = render(&content, &templates).expect("renders");
                    let text = r.to_text();
                    assert!(!text.contains("{{") && !text.contains("{%"), "{text}");
                    if let RenderedNotice::Sms(sms) = &r {
                        assert_eq!(
                            sms.length.segments, 1,
                            "{country} {lang:?} {tone:?}: {}",
                            sms.text
                        );
                        assert_eq!(sms.length.encoding, SmsEncoding::Gsm7, "{}", sms.text);
                    }
                }
            }
        }
    }
}

#[test]
fn customer_name_with_html_and_template_syntax_prints_literally() {
    let mut c = customer(Country::FR, Language::Fr, CustomerKind::Business);
    c.name = "<script>alert(\"x\")</script> & {{ total }} {% if true %}oops{% endif %}".into();
    let inv = [invoice(
        "INV-1",
        "<b>F-1</b>",
        Currency::EUR,
        "100.00",
        "2025-02-14",
    )];
    let mut creditor = creditor(Country::FR);
    creditor.contact_name = Some("O'Brien <ob@x>".into());
    let mut notice = notice_at_step(&c, &inv, 0);
    notice.channel = Channel::Email;
    let content = NoticeContent::build(&notice, &c, &creditor, &ladder(), &Policy::default())
        .expect("builds");
    // English templates print the customer's name in the salutation.
    let mut en = content.clone();
    en.language = Language::En;
    for content in [content, en] {
        let RenderedNotice::Email(email) = render(&content, &Templates::new()).expect("renders")
        else {
            panic!("an e-mail")
        };
        assert!(!email.html.contains("<script>"), "{}", email.html);
        assert!(!email.html.contains("<b>F-1"), "{}", email.html);
        assert!(email.html.contains("&lt;b&gt;F-1&lt;/b&gt;"));
        assert!(email.html.contains("O&#x27;Brien &lt;ob@x&gt;"));
        // Template syntax in data is data: printed as is, never evaluated.
        assert!(email.text.contains("<b>F-1</b>"));
        assert!(email.subject.contains("<b>F-1</b>"));
        if content.language == Language::En {
            let salutation =
                "Dear <script>alert(\"x\")</script> & {{ total }} {% if true %}oops{% endif %},";
            assert!(email.text.starts_with(salutation), "{}", email.text);
            assert!(email.html.contains(
                "Dear &lt;script&gt;alert(&quot;x&quot;)&lt;&#x2f;script&gt; &amp; {{ total }} {% if true %}oops{% endif %},"
            ), "{}", email.html);
        }
    }
    // Letters and the phone task carry the name as typed.
    let mut notice = notice_at_step(&c, &inv, 0);
    notice.channel = Channel::Letter;
    let content = NoticeContent::build(&notice, &c, &creditor, &ladder(), &Policy::default())
        .expect("builds");
    let RenderedNotice::Letter(letter) = render(&content, &Templates::new()).expect("renders")
    else {
        panic!("a letter")
    };
    assert_eq!(letter.recipient[0], c.name);
}

#[test]
fn a_recipient_that_could_break_a_header_is_refused_naming_it() {
    let inv = [invoice(
        "INV-1",
        "A-1",
        Currency::GBP,
        "100.00",
        "2025-02-14",
    )];
    let refused = |c: &Customer, channel: Channel| {
        let content = content_for(c, &inv, 0, channel);
        match render(&content, &Templates::new()) {
            Err(NoticeError::InvalidRecipient { field, source }) => (field, source),
            other => panic!("{channel:?}: {other:?}"),
        }
    };
    // CR/LF in the e-mail address would add a Bcc header.
    let mut c = customer(Country::GB, Language::En, CustomerKind::Business);
    let to = "ap@acme.example\r\nBcc: all@evil.example";
    c.contacts.email = Some(to.into());
    assert_eq!(
        refused(&c, Channel::Email),
        (
            "email",
            HeaderError::ForbiddenCharacter {
                value: to.into(),
                character: '\r'
            }
        )
    );
    // Every class of character that ends a line, in the address, the mobile, the phone
    // number and the portal account.
    for ch in [
        '\0', '\n', '\u{b}', '\u{c}', '\u{1f}', '\u{7f}', '\u{85}', '\u{9f}', '\u{2028}',
        '\u{2029}',
    ] {
        let mut c = customer(Country::GB, Language::En, CustomerKind::Business);
        c.contacts.email = Some(format!("ap@acme.example{ch}"));
        c.contacts.mobile = Some(format!("+44 7700 900{ch}123"));
        c.contacts.phone = Some(format!("+44 113 496{ch}0000"));
        c.contacts.portal_account = Some(format!("acme{ch}"));
        for (channel, field) in [
            (Channel::Email, "email"),
            (Channel::Sms, "mobile"),
            (Channel::Phone, "phone"),
            (Channel::Portal, "portal_account"),
        ] {
            let (f, source) = refused(&c, channel);
            assert_eq!(f, field, "{ch:?}");
            assert!(
                matches!(source, HeaderError::ForbiddenCharacter { character, .. } if character == ch),
                "{ch:?} {source}"
            );
        }
    }
    // Not a plausible address.
    let mut c = customer(Country::GB, Language::En, CustomerKind::Business);
    c.contacts.email = Some("accounts payable".into());
    let (field, source) = refused(&c, Channel::Email);
    assert_eq!(field, "email");
    assert!(matches!(source, HeaderError::NotAnEmail { .. }), "{source}");
}

#[test]
fn line_breaks_in_host_data_become_spaces_in_subjects() {
    let templates = Templates::with_overrides(&[TemplateOverride::new(
        "first reminder",
        Language::En,
        TemplatePart::Subject,
        "{{ customer_name }}: invoice {{ invoice_numbers }}",
    )])
    .expect("valid override");
    for ch in [
        '\0', '\r', '\n', '\t', '\u{b}', '\u{c}', '\u{7f}', '\u{85}', '\u{9f}', '\u{2028}',
        '\u{2029}',
    ] {
        let mut c = customer(Country::GB, Language::En, CustomerKind::Business);
        c.name = format!("Acme{ch}Bcc: all@evil.example");
        let number = format!("A-1{ch}{ch}X-Header: 1");
        let inv = [invoice(
            "INV-1",
            &number,
            Currency::GBP,
            "100.00",
            "2025-02-14",
        )];
        for channel in [Channel::Email, Channel::Letter, Channel::Portal] {
            let content = content_for(&c, &inv, 0, channel);
            let subject = match render(&content, &templates).expect("renders") {
                RenderedNotice::Email(e) => e.subject,
                RenderedNotice::Letter(l) => {
                    assert_eq!(l.recipient[0], "Acme Bcc: all@evil.example", "{ch:?}");
                    l.subject
                }
                RenderedNotice::Portal(p) => p.title,
                other => panic!("{other:?}"),
            };
            assert!(
                subject.ends_with("Acme Bcc: all@evil.example: invoice A-1 X-Header: 1"),
                "{ch:?} {channel:?}: {subject:?}"
            );
            assert!(!subject.chars().any(breaks_header), "{subject:?}");
        }
    }
}

#[test]
fn german_titles_count_reminders_and_keep_one_last_one() {
    // Two formal notices: the first is the "2. Mahnung", only the last is the "Letzte
    // Mahnung" (it used to be every formal notice).
    let ladder = Ladder::new(
        "de",
        vec![
            Step::new("erinnerung", Stage::Amicable, 7, &[Channel::Email]),
            Step::new("mahnung", Stage::Amicable, 21, &[Channel::Email]),
            Step::new(
                "mahnung mit frist",
                Stage::FormalNotice,
                35,
                &[Channel::Email],
            ),
            Step::new("letzte frist", Stage::FormalNotice, 50, &[Channel::Email]),
            Step::new("übergabe", Stage::Judicial, 70, &[Channel::Email]),
        ],
    );
    let c = customer(Country::DE, Language::De, CustomerKind::Business);
    let inv = [invoice(
        "INV-1",
        "R-1",
        Currency::EUR,
        "100.00",
        "2025-02-14",
    )];
    let policy = Policy::default();
    let rendered = |step: usize, channel: Channel| {
        let mut notice = notice_at_step_on(&ladder, &c, &inv, step, &policy);
        notice.channel = channel;
        let content = NoticeContent::build(&notice, &c, &creditor(Country::DE), &ladder, &policy)
            .expect("content");
        (
            content.title.clone(),
            render(&content, &Templates::new()).expect("renders"),
        )
    };
    let subject = |step: usize| match rendered(step, Channel::Email) {
        (title, RenderedNotice::Email(e)) => (title, e.subject),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        subject(0),
        (
            "Zahlungserinnerung".into(),
            "Zahlungserinnerung: Rechnung R-1".into()
        )
    );
    assert_eq!(
        subject(1),
        ("1. Mahnung".into(), "1. Mahnung: Rechnung R-1".into())
    );
    let (title, s) = subject(2);
    assert_eq!(title, "2. Mahnung");
    assert!(s.starts_with("2. Mahnung: Zahlung von "), "{s}");
    let (title, s) = subject(3);
    assert_eq!(title, "Letzte Mahnung");
    assert!(s.starts_with("Letzte Mahnung: Zahlung von "), "{s}");
    assert_eq!(subject(4).0, "Übergabe zur gerichtlichen Beitreibung");
    // The SMS and the phone task say the same.
    let RenderedNotice::Sms(sms) = rendered(2, Channel::Sms).1 else {
        panic!("sms")
    };
    assert!(
        sms.text.contains(": 2. MAHNUNG, zahlen Sie"),
        "{}",
        sms.text
    );
    let RenderedNotice::PhoneTask(task) = rendered(3, Channel::Phone).1 else {
        panic!("phone task")
    };
    assert!(
        task.reason.starts_with("Letzte Mahnung: "),
        "{}",
        task.reason
    );
    // Other languages title by tone.
    let c = customer(Country::DE, Language::En, CustomerKind::Business);
    let mut notice = notice_at_step_on(&ladder, &c, &inv, 2, &policy);
    notice.channel = Channel::Email;
    let content = NoticeContent::build(&notice, &c, &creditor(Country::DE), &ladder, &policy)
        .expect("content");
    assert_eq!(content.title, "Formal notice");
}

#[test]
fn template_referring_to_an_unknown_field_is_rejected_when_loaded() {
    let mut t = Templates::new();
    let cases = [
        ("Pay {{ totl }}", "totl"),
        ("{{ customer.name }}", "customer.name"),
        ("{{ total.amount }}", "total.amount"),
        ("{% if has_deadlin %}x{% endif %}", "has_deadlin"),
    ];
    for (source, field) in cases {
        let e = t
            .add_override(TemplateOverride::new(
                "first reminder",
                Language::Fr,
                TemplatePart::Body,
                source,
            ))
            .expect_err(source);
        assert_eq!(
            e,
            NoticeError::UnknownField {
                template: "step/first reminder/fr/body.txt".into(),
                field: field.into()
            },
            "{source}"
        );
    }
    // A misspelt attribute of a loop variable is caught by the sample render.
    let e = t
        .add_override(TemplateOverride::new(
            "first reminder",
            Language::Fr,
            TemplatePart::Body,
            "{% for i in invoices %}{{ i.numbr }}{% endfor %}",
        ))
        .expect_err("loop typo");
    assert!(matches!(e, NoticeError::TemplateCheck { .. }), "{e}");
    assert!(
        e.to_string().contains("numbr") || e.to_string().contains("undefined"),
        "{e}"
    );
    // Syntax errors too.
    let e = t
        .add_override(TemplateOverride::new(
            "first reminder",
            Language::Fr,
            TemplatePart::Subject,
            "Rappel {{ total ",
        ))
        .expect_err("syntax");
    assert!(matches!(e, NoticeError::TemplateSyntax { .. }), "{e}");
    // Nothing was loaded by the failures.
    assert!(t.overrides().is_empty());
    // From serde, as a host would store them.
    let loaded: Vec<TemplateOverride> = serde_json::from_str(
        r#"[{"step": "first reminder", "language": "fr", "part": "subject", "source": "Petit rappel : {{ invoice_numbers }}"}]"#,
    )
    .expect("json");
    assert!(Templates::with_overrides(&loaded).is_ok());
}

/// The limit a template is refused for when loaded as the English body of "first reminder".
fn load_limit(source: &str) -> TemplateLimit {
    let mut t = Templates::new();
    let o = TemplateOverride::new("first reminder", Language::En, TemplatePart::Body, source);
    match t.add_override(o) {
        Err(NoticeError::TooExpensive {
            template,
            step,
            language,
            part,
            limit,
        }) => {
            assert_eq!(template, "step/first reminder/en/body.txt");
            assert_eq!(
                (step.as_str(), language, part),
                ("first reminder", Language::En, TemplatePart::Body)
            );
            assert!(t.overrides().is_empty(), "nothing loaded");
            limit
        }
        other => panic!("{source}: {other:?}"),
    }
}

#[test]
fn templates_that_loop_or_explode_are_refused_when_loaded_quickly() {
    let started = std::time::Instant::now();
    // Loops: a hundred million iterations run out of fuel; a range too long is refused
    // before it starts.
    assert_eq!(
        load_limit(
            "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}"
        ),
        TemplateLimit::Fuel {
            fuel: Templates::FUEL
        }
    );
    assert!(matches!(
        load_limit("{% for i in range(999999999) %}x{% endfor %}"),
        TemplateLimit::Value {
            operation: "range",
            ..
        }
    ));
    // Values doubling without end: refused before any render (a render would abort the
    // process when the allocation fails, long before anything is written).
    let construct = |source: &str| match load_limit(source) {
        TemplateLimit::Construct { construct } => construct,
        other => panic!("{source}: {other:?}"),
    };
    assert_eq!(
        construct(
            "{% set s = \"x\" %}{% for i in range(60) %}{% set s = s ~ s %}{% endfor %}{{ s }}"
        ),
        "{% set %}"
    );
    assert_eq!(
        construct(
            "{% for i in range(60) %}{{ namespace(s=customer_name).s ~ customer_name }}{% endfor %}"
        ),
        "a call of namespace()"
    );
    let doubling = format!(
        "{{{{ {}customer_name{} }}}}",
        "(".repeat(40),
        " ~ customer_name)".repeat(40)
    );
    assert_eq!(
        construct(&doubling),
        "the ~ operator (string concatenation)"
    );
    assert_eq!(
        construct("{{ \"x\" * 100000000 }}"),
        "the * operator (repetition)"
    );
    assert_eq!(
        construct("{{ \" \"|indent(99999999999) }}"),
        "the filter indent"
    );
    // Bounded filters refuse before building: 10,000 x 100,000 bytes.
    assert!(matches!(
        load_limit("{{ range(10000)|join(range(10000)|join(\"xxxxxxxxxx\")) }}"),
        TemplateLimit::Value {
            operation: "join",
            ..
        }
    ));
    let widening = format!(
        "{{{{ customer_name|replace(\"\", \"{}\") }}}}",
        "x".repeat(5000)
    );
    assert!(matches!(
        load_limit(&widening),
        TemplateLimit::Value {
            operation: "replace",
            ..
        }
    ));
    // Output: 10,000 x 1,000 bytes, stopped at the bound.
    let long_output = format!(
        "{{% for i in range(10000) %}}{}{{% endfor %}}",
        "x".repeat(1000)
    );
    assert_eq!(
        load_limit(&long_output),
        TemplateLimit::Output {
            max: Templates::MAX_RENDERED_BYTES
        }
    );
    // Nesting: loops in loops, and chains the engine would compile thousands deep (which
    // overflows the stack) are refused before it parses them.
    let nested = format!(
        "{}x{}",
        "{% for a in invoices %}".repeat(100),
        "{% endfor %}".repeat(100)
    );
    assert_eq!(
        load_limit(&nested),
        TemplateLimit::Recursion {
            max: Templates::MAX_RECURSION
        }
    );
    let chain = format!("{{{{ customer_name{} }}}}", "|upper|lower".repeat(300));
    assert!(matches!(load_limit(&chain), TemplateLimit::TagSize { .. }));
    // Source.
    let source = "x".repeat(Templates::MAX_SOURCE_BYTES + 1);
    assert_eq!(
        load_limit(&source),
        TemplateLimit::SourceSize {
            bytes: Templates::MAX_SOURCE_BYTES + 1,
            max: Templates::MAX_SOURCE_BYTES
        }
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_template_the_notice_data_takes_past_its_limits_is_an_error_at_render() {
    // Within limits on the sample notices, so loaded...
    let mut t = Templates::new();
    t.add_override(TemplateOverride::new(
        "sample",
        Language::En,
        TemplatePart::Body,
        "{% for i in invoices|sort(attribute=\"number\") %}{{ i.number }}{% if not loop.last %}, {% endif %}{% endfor %} ({{ invoices|join(\", \", attribute=\"number\") }})",
    ))
    .expect("a loop over the invoices is fine");
    let content = Templates::sample_content(Language::En);
    let RenderedNotice::Email(e) = render(&content, &t).expect("renders") else {
        panic!("e-mail")
    };
    assert!(e.text.starts_with("S-1, S-2 (S-1, S-2)"), "{}", e.text);
    // ...but a notice with huge invoice numbers takes it past its bounds when rendered
    // (the subject, 100 kB of invoice numbers, still fits).
    let mut content = Templates::sample_content(Language::En);
    for (k, i) in content.invoices.iter_mut().enumerate() {
        i.number = format!("{k}{}", "N".repeat(50_000));
    }
    match render(&content, &t) {
        Err(NoticeError::TooExpensive {
            step, part, limit, ..
        }) => {
            assert_eq!((step.as_str(), part), ("sample", TemplatePart::Body));
            assert!(
                matches!(
                    limit,
                    TemplateLimit::Output { .. } | TemplateLimit::Value { .. }
                ),
                "{limit}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn host_override_applies_to_its_step_and_language_only() {
    let c = customer(Country::FR, Language::Fr, CustomerKind::Business);
    let inv = [invoice(
        "INV-1",
        "F-1",
        Currency::EUR,
        "100.00",
        "2025-02-14",
    )];
    let t = Templates::with_overrides(&[
        TemplateOverride::new(
            "first reminder",
            Language::Fr,
            TemplatePart::Subject,
            "Petit rappel amical : {{ invoice_numbers }} ({{ total }})",
        ),
        TemplateOverride::new(
            "first reminder",
            Language::Fr,
            TemplatePart::Body,
            "Bonjour {{ customer_name }},\n\n{% for i in invoices %}{{ i.number }} : {{ i.amount_due }}\n{% endfor %}",
        ),
    ])
    .expect("valid overrides");
    let content = content_for(&c, &inv, 0, Channel::Email);
    let RenderedNotice::Email(e) = render(&content, &t).expect("renders") else {
        panic!("email")
    };
    assert_eq!(e.subject, "Petit rappel amical : F-1 (100,00\u{a0}EUR)");
    assert!(
        e.text
            .starts_with("Bonjour Boulangerie Martin SARL,\n\nF-1 : 100,00\u{a0}EUR")
    );
    // The fixed blocks stay: payment instructions and signature.
    assert!(e.text.contains("IBAN : FR76 3000 6000 0112 3456 7890 189"));
    // Another step keeps the default.
    let content = content_for(&c, &inv, 1, Channel::Email);
    let RenderedNotice::Email(e) = render(&content, &t).expect("renders") else {
        panic!("email")
    };
    assert!(e.subject.starts_with("Relance"), "{}", e.subject);
}

#[test]
fn sms_reports_segments_when_too_long() {
    let mut c = customer(Country::FR, Language::Fr, CustomerKind::Business);
    let inv = [invoice(
        "INV-1",
        "F-1",
        Currency::EUR,
        "100.00",
        "2025-02-14",
    )];
    let mut content = content_for(&c, &inv, 0, Channel::Sms);
    let RenderedNotice::Sms(sms) = render(&content, &Templates::new()).expect("renders") else {
        panic!("sms")
    };
    assert_eq!(sms.length.encoding, SmsEncoding::Gsm7);
    assert!(sms.length.units <= 160, "{}", sms.text);
    assert_eq!(
        sms.text,
        "Atelier Dupont SARL : sauf erreur, la facture F-1 reste impayée (100,00 EUR). Merci de régler avec la réf. RF67 DUPF 1"
    );
    // A long creditor name: two segments, reported.
    content.creditor.name =
        "Société coopérative des artisans boulangers réunis de la région lyonnaise".into();
    let RenderedNotice::Sms(sms) = render(&content, &Templates::new()).expect("renders") else {
        panic!("sms")
    };
    assert_eq!(
        sms.length.segments, 2,
        "{} ({} units)",
        sms.text, sms.length.units
    );
    // A character outside GSM-7 switches to UCS-2: 70 per SMS.
    c.name = "x".into();
    content.creditor.name = "Façonnage Lyonnais".into();
    let RenderedNotice::Sms(sms) = render(&content, &Templates::new()).expect("renders") else {
        panic!("sms")
    };
    assert_eq!(sms.length.encoding, SmsEncoding::Ucs2);
    assert_eq!(sms.length.segments, 2);
}

#[test]
fn references_are_valid_and_stable() {
    let c = customer(Country::BE, Language::Nl, CustomerKind::Business);
    let inv = [
        invoice("INV-1", "2025/0042", Currency::EUR, "100.00", "2025-02-14"),
        invoice("INV-2", "2025/0043", Currency::EUR, "50.00", "2025-02-14"),
    ];
    let first = content_for(&c, &inv, 0, Channel::Email);
    let second = content_for(&c, &inv, 1, Channel::Email);
    let p = &first.payment;
    let s = p
        .structured_communication
        .expect("Belgian creditor account");
    assert_eq!(
        s,
        s.to_string()
            .parse::<StructuredCommunication>()
            .expect("valid")
    );
    assert!(RfCreditorReference::parse(p.rf_reference.as_str()).is_ok());
    assert_eq!(
        p,
        &PaymentInstructions {
            amount: p.amount,
            ..second.payment.clone()
        }
    );
    // A single invoice: base + invoice number.
    let one = content_for(&c, &inv[..1], 0, Channel::Email);
    assert_eq!(one.payment.rf_reference.reference(), "BVB20250042");
    // No structured communication for an account outside Belgium.
    let fr = customer(Country::FR, Language::Fr, CustomerKind::Business);
    assert!(
        content_for(&fr, &inv[..1], 0, Channel::Email)
            .payment
            .structured_communication
            .is_none()
    );
}

#[test]
fn the_payment_reference_follows_the_creditors_account_not_the_debtors_country() {
    let inv = [invoice(
        "INV-1",
        "2025/0042",
        Currency::EUR,
        "100.00",
        "2025-02-14",
    )];
    let content = |debtor: &Customer, creditor: &Creditor| {
        let mut notice = notice_at_step(debtor, &inv, 0);
        notice.channel = Channel::Email;
        NoticeContent::build(&notice, debtor, creditor, &ladder(), &Policy::default())
            .expect("content")
    };
    let text = |c: &NoticeContent| match render(c, &Templates::new()).expect("renders") {
        RenderedNotice::Email(e) => e.text,
        other => panic!("{other:?}"),
    };
    // A Belgian debtor paying a French account: an RF reference, no structured
    // communication (a French bank has no use for it).
    let be = customer(Country::BE, Language::Nl, CustomerKind::Business);
    let c = content(&be, &creditor(Country::FR));
    assert_eq!(c.payment.structured_communication, None);
    let rf = c.payment.rf_reference.print_form();
    assert!(
        rf.starts_with("RF") && rf.ends_with("DUP2 0250 042"),
        "{rf}"
    );
    assert_eq!(c.payment.preferred_reference(), rf);
    let t = text(&c);
    assert!(t.contains(&format!("Referentie: {rf}")), "{t}");
    assert!(!t.contains("Gestructureerde mededeling"), "{t}");
    // A French debtor paying a Belgian account: the structured communication.
    let fr = customer(Country::FR, Language::Fr, CustomerKind::Business);
    let c = content(&fr, &creditor(Country::BE));
    let s = c.payment.structured_communication.expect("Belgian account");
    assert_eq!(c.payment.preferred_reference(), s.to_string());
    assert!(
        text(&c).contains(&format!("Communication structurée : {s}")),
        "{}",
        text(&c)
    );
}

#[test]
fn belgian_consumer_first_reminder_is_free_and_gives_14_days() {
    let c = customer(Country::BE, Language::Fr, CustomerKind::Consumer);
    let inv = [invoice(
        "INV-1",
        "F-1",
        Currency::EUR,
        "300.00",
        "2025-02-14",
    )];
    // Friday 21 February 2025; by e-mail the 14 days run from Saturday 22 February to
    // Friday 7 March; by letter from Wednesday 26 February to Tuesday 11 March.
    let email = content_for(&c, &inv, 0, Channel::Email);
    assert_eq!(email.deadline.map(|d| d.date), Some(d("2025-03-07")));
    let letter = content_for(&c, &inv, 0, Channel::Letter);
    assert_eq!(letter.deadline.map(|d| d.date), Some(d("2025-03-11")));
    let m = &email.legal[0];
    assert_eq!(m.id, "be.consumer_first_reminder");
    for needle in [
        "premier rappel est gratuit",
        "300,00\u{a0}EUR",
        "45,00\u{a0}EUR", // damages: 30 + 10 % of 150
        "Brasserie Vandenberghe NV",
        "0403.170.701",
        "F-1",
        "14 février 2025",
        "14 jours calendrier",
        "7 mars 2025",
    ] {
        assert!(m.text.contains(needle), "{needle} missing in {}", m.text);
    }
    // A fee on that reminder is refused.
    let mut notice = notice_at_step(&c, &inv, 0);
    notice.lines[0].fee = Some(dec("5.00"));
    let e = NoticeContent::build(
        &notice,
        &c,
        &creditor(Country::BE),
        &ladder(),
        &Policy::default(),
    )
    .expect_err("fee on a free reminder");
    assert!(matches!(e, NoticeError::FeeNotAllowed { .. }), "{e}");
    // The planner records the same deadline, so the next step waits for the window.
    let notice = notice_at_step(&c, &inv, 0);
    assert_eq!(notice.deadline, Some(d("2025-03-07")));
}

#[test]
fn notices_print_the_penalties_caps_either_side_of_their_boundaries() {
    // One copy of each rule: the Belgian damages cap and the UK fixed sums a notice prints
    // are those the penalties compute. At 499.99 the cap is 64.99 (30 + 10 % x 349.99 =
    // 64.999, never rounded up past the law).
    let c = customer(Country::BE, Language::Fr, CustomerKind::Consumer);
    for (amount, cap) in [
        ("499.99", "64,99"),
        ("500.00", "65,00"),
        ("500.01", "65,00"),
    ] {
        let inv = [invoice("INV-1", "F-1", Currency::EUR, amount, "2025-02-14")];
        let content = content_for(&c, &inv, 0, Channel::Email);
        let m = &content.legal[0];
        let printed = format!("de {cap}\u{a0}EUR au plus");
        assert!(m.text.contains(&printed), "{amount}: {}", m.text);
        let computed = relance::penalties::max_damages(dec(amount)).expect("cap");
        assert_eq!(computed.to_string().replace('.', ","), cap, "{amount}");
    }
    // United Kingdom: GBP 40 under 1,000, 70 up to 9,999.99, 100 from 10,000, per invoice.
    let c = customer(Country::GB, Language::En, CustomerKind::Business);
    let inv = [
        invoice("INV-1", "A-1", Currency::GBP, "999.99", "2025-02-14"),
        invoice("INV-2", "A-2", Currency::GBP, "1000.00", "2025-02-14"),
        invoice("INV-3", "A-3", Currency::GBP, "9999.99", "2025-02-14"),
        invoice("INV-4", "A-4", Currency::GBP, "10000.00", "2025-02-14"),
    ];
    let content = content_for(&c, &inv, 1, Channel::Email);
    let m = content
        .legal
        .iter()
        .find(|m| m.id == "gb.statutory_interest")
        .expect("statutory interest mention");
    assert!(
        m.text.contains(
            "GBP\u{a0}40.00 for invoice A-1, GBP\u{a0}70.00 for invoice A-2, \
             GBP\u{a0}70.00 for invoice A-3, GBP\u{a0}100.00 for invoice A-4"
        ),
        "{}",
        m.text
    );
}

#[test]
fn legal_mentions_by_country_kind_and_tone() {
    let ids = |country, kind, step, channel| {
        let c = customer(country, Language::En, kind);
        let inv = [invoice(
            "INV-1",
            "F-1",
            currency(country),
            "1234.56",
            "2025-02-14",
        )];
        content_for(&c, &inv, step, channel)
            .legal
            .into_iter()
            .map(|m| m.id)
            .collect::<Vec<_>>()
    };
    use Channel::{Email, RegisteredLetter};
    use CustomerKind::{Business, Consumer};
    assert!(ids(Country::FR, Business, 0, Email).is_empty());
    assert_eq!(ids(Country::FR, Business, 1, Email), ["fr.late_penalties"]);
    // A French public buyer: public procurement (Code de la commande publique L2192-13,
    // R2192-31, D2192-35), not the L441-10 mention.
    assert_eq!(
        ids(Country::FR, CustomerKind::Public, 1, Email),
        ["fr.public_late_interest"]
    );
    assert_eq!(
        ids(Country::FR, Business, 2, RegisteredLetter),
        ["fr.late_penalties", "fr.formal_notice", "fr.next_step"]
    );
    assert_eq!(
        ids(Country::FR, Consumer, 2, RegisteredLetter),
        ["fr.formal_notice", "fr.legal_interest", "fr.next_step"]
    );
    assert_eq!(
        ids(Country::BE, Consumer, 0, Email),
        ["be.consumer_first_reminder"]
    );
    assert_eq!(ids(Country::BE, Business, 1, Email), ["be.late_interest"]);
    assert_eq!(
        ids(Country::DE, Consumer, 1, Email),
        ["de.default", "de.interest"]
    );
    assert_eq!(
        ids(Country::GB, Business, 2, RegisteredLetter),
        ["gb.statutory_interest", "gb.letter_before_action"]
    );
    assert_eq!(
        ids(Country::GB, Consumer, 2, RegisteredLetter),
        ["gb.letter_before_action"]
    );
    // France: small claims up to EUR 5,000, injonction de payer above.
    let c = customer(Country::FR, Language::Fr, Business);
    let big = [invoice(
        "INV-1",
        "F-1",
        Currency::EUR,
        "5000.01",
        "2025-02-14",
    )];
    let m = content_for(&c, &big, 2, RegisteredLetter).legal;
    assert!(m[2].text.contains("injonction de payer") && !m[2].text.contains("petites créances"));
    let small = [invoice(
        "INV-1",
        "F-1",
        Currency::EUR,
        "4992.50",
        "2025-02-14",
    )];
    // 4,992.50 and the unpaid 7.50 fee of the second reminder: EUR 5,000 claimed.
    let m = content_for(&c, &small, 2, RegisteredLetter).legal;
    assert!(m[2].text.contains("petites créances"));
    // German business: 9 points and the EUR 40 Pauschale; consumer: 5 points, no Pauschale.
    let de = |kind| {
        let c = customer(Country::DE, Language::De, kind);
        let inv = [invoice(
            "INV-1",
            "F-1",
            Currency::EUR,
            "100.00",
            "2025-02-14",
        )];
        content_for(&c, &inv, 1, Email).legal[1].text.clone()
    };
    assert!(de(Business).contains("9 Prozentpunkten") && de(Business).contains("40 EUR"));
    assert!(de(Consumer).contains("5 Prozentpunkten") && !de(Consumer).contains("40 EUR"));
    // England: letter before action gives 30 days to an individual, 14 to a business.
    let gb = |kind| {
        let c = customer(Country::GB, Language::En, kind);
        let inv = [invoice(
            "INV-1",
            "F-1",
            Currency::GBP,
            "1234.56",
            "2025-02-14",
        )];
        content_for(&c, &inv, 2, RegisteredLetter)
            .deadline
            .map(|d| d.calendar_days)
    };
    // 30 days from Friday 21 March 2025 end on Easter Sunday 20 April; Easter Monday is a
    // bank holiday, so the deadline printed is Tuesday 22 April, 32 days.
    assert_eq!(gb(Consumer), Some(32));
    assert_eq!(gb(Business), Some(14));
}

#[test]
fn deadlines_follow_the_policy_calendar() {
    // Formal notice on Friday 21 March 2025, 8 days: Saturday 29 March, extended to Monday.
    let c = customer(Country::FR, Language::Fr, CustomerKind::Business);
    let inv = [invoice(
        "INV-1",
        "F-1",
        Currency::EUR,
        "100.00",
        "2025-02-14",
    )];
    let content = content_for(&c, &inv, 2, Channel::RegisteredLetter);
    assert_eq!(content.date, d("2025-03-21"));
    assert_eq!(content.deadline.map(|d| d.date), Some(d("2025-03-31")));
    // In business days: 8 business days from Friday 21 March is Wednesday 2 April.
    let mut policy = Policy::default();
    policy.deadline_counting = calendar::DayCounting::Business;
    let notice = notice_at_step(&c, &inv, 2);
    let p = policy.response_deadline(notice.as_of, &c, &ladder(), 2, &[Channel::RegisteredLetter]);
    assert_eq!(p, Some(d("2025-04-02")));
}

#[test]
fn a_legal_minimum_period_ending_on_a_sunday_moves_to_the_next_business_day() {
    // Letter before action to an English business on Sunday 16 March 2025: 14 days (PD
    // Pre-Action Conduct para 6) end on Sunday 30 March; the deadline printed is Monday.
    let c = customer(Country::GB, Language::En, CustomerKind::Business);
    let policy = Policy::default();
    let deadline = policy.response_deadline(d("2025-03-16"), &c, &ladder(), 2, &[Channel::Letter]);
    assert_eq!(deadline, Some(d("2025-03-31")));
    let mut strict = Policy::default();
    strict.extend_deadline_to_business_day = false;
    let deadline = strict.response_deadline(d("2025-03-16"), &c, &ladder(), 2, &[Channel::Letter]);
    assert_eq!(
        deadline,
        Some(d("2025-03-30")),
        "without extension, the bare period"
    );
}

#[test]
fn dossier_for_the_judicial_stage() {
    use relance::memory::{MemoryStore, RecordingDelivery};
    let c = customer(Country::FR, Language::Fr, CustomerKind::Business);
    let mut store = MemoryStore::new();
    store.add_customer(c.clone());
    store
        .add_invoice(invoice(
            "INV-1",
            "F-1",
            Currency::EUR,
            "1200.00",
            "2025-02-14",
        ))
        .expect("invoice");
    let mut delivery = RecordingDelivery::default();
    delivery.fail_channel(Channel::Sms, "unknown number");
    let policy = Policy::default();
    let templates = Templates::new();
    let mut sent = Vec::new();
    let mut day = d("2025-02-14");
    while day <= d("2025-05-01") {
        if day == d("2025-03-01") {
            store
                .record(&[Event::new(
                    &"INV-1".into(),
                    day,
                    EventKind::Payment {
                        amount: dec("200.00"),
                    },
                )])
                .expect("payment");
        }
        if day == d("2025-03-03") {
            // The SMS of the first reminder failed for good, which holds escalation: the
            // host sent it again by hand and records it.
            store
                .record(&[Event::new(
                    &"INV-1".into(),
                    day,
                    EventKind::NoticeDelivered {
                        key: "manual-sms-1".into(),
                        channel: Channel::Sms,
                        receipt: "re-sent by hand".into(),
                    },
                )])
                .expect("manual delivery");
        }
        if day == d("2025-03-10") {
            store
                .record(&[Event::new(
                    &"INV-1".into(),
                    day,
                    EventKind::PromiseToPay {
                        until: d("2025-03-14"),
                    },
                )])
                .expect("promise");
        }
        let now: chrono::DateTime<chrono::Utc> =
            format!("{day}T09:00:00Z").parse().expect("instant");
        let before = delivery.sent().len();
        let _ = Dunning::new(book(), policy.clone())
            .unwrap()
            .run(now, &mut store, &mut delivery, RunOptions::new())
            .expect("run");
        for a in &delivery.sent()[before..] {
            if let Action::Notice(n) = a {
                let content =
                    NoticeContent::build(n, &c, &creditor(Country::FR), &ladder(), &policy)
                        .expect("content");
                let r = render(&content, &templates).expect("renders");
                sent.push(SentNotice {
                    key: n.key.clone(),
                    digest: r.digest(),
                });
            }
        }
        day = day.succ_opt().expect("date");
    }
    let accounts: Vec<Account> = store.accounts_iter().cloned().collect();
    let dossier = Dossier::build(
        d("2025-05-01"),
        &creditor(Country::FR),
        &c,
        &accounts,
        &sent,
        None,
    )
    .expect("dossier");
    assert_eq!(dossier.invoices.len(), 1);
    assert_eq!(dossier.payments.len(), 1);
    assert_eq!(dossier.promises.len(), 1);
    assert_eq!(dossier.promises[0].outcome, "broken");
    let steps: Vec<&str> = dossier
        .notices
        .iter()
        .map(|n| n.step_name.as_str())
        .collect();
    assert_eq!(
        steps,
        [
            "first reminder",
            "second reminder",
            "formal notice",
            "hand-over"
        ]
    );
    let first = &dossier.notices[0];
    assert_eq!(first.step_name, "first reminder");
    let email = first
        .deliveries
        .iter()
        .find(|x| x.channel == Channel::Email)
        .expect("email");
    assert!(email.delivered && email.digest.is_some());
    let sms = first
        .deliveries
        .iter()
        .find(|x| x.channel == Channel::Sms)
        .expect("sms");
    assert!(!sms.delivered && sms.detail == "unknown number");
    assert_eq!(
        dossier.claim.principal,
        Money::parse("1000.00", Currency::EUR).expect("m")
    );
    assert_eq!(dossier.procedure.id, "fr.small_claims");
    // Deterministic and serialisable.
    let again = Dossier::build(
        d("2025-05-01"),
        &creditor(Country::FR),
        &c,
        &accounts,
        &sent,
        None,
    )
    .expect("dossier");
    assert_eq!(
        serde_json::to_string(&dossier).expect("json"),
        serde_json::to_string(&again).expect("json")
    );
}

#[test]
fn a_formal_notice_planned_with_rate_tables_prints_its_interest_breakdown() {
    // Issue 3: "the formal notice shows the full breakdown". 1,200.00 due 10 June 2025,
    // formal notice 35 days later (15 July) under fr-b2b (Code de commerce L441-10):
    // 11-30 June: 20 days at ECB 3.15 + 10 = 13.15 %: 1200 x 0.1315 x 20 / 365 = 8.65;
    // 1-15 July: 15 days at ECB 2.15 + 10 = 12.15 %: 1200 x 0.1215 x 15 / 365 = 5.99.
    let customer = customer(Country::FR, Language::Fr, CustomerKind::Business);
    let inv = invoice("I1", "F-2025-0100", Currency::EUR, "1200.00", "2025-06-10");
    let policy = Policy::default().with_rates(relance::penalties::RateTables::builtin());
    let notice = notice_at_step_with(&customer, &[inv], 2, &policy);
    assert_eq!(notice.as_of, d("2025-07-15"));
    let content = NoticeContent::build(
        &notice,
        &customer,
        &creditor(Country::FR),
        &ladder(),
        &policy,
    )
    .unwrap();
    let section = content.interest.as_ref().expect("interest section");
    assert_eq!(section.interest.amount, dec("14.64"));
    assert_eq!(section.fixed_compensation.amount, dec("40.00"));
    // With the 7.50 fee of the second reminder, still unpaid, claimed again.
    assert_eq!(content.fees.amount, dec("7.50"));
    assert_eq!(content.total.amount, dec("1262.14"));
    let mut letter = notice;
    letter.channel = Channel::RegisteredLetter;
    let content = NoticeContent::build(
        &letter,
        &customer,
        &creditor(Country::FR),
        &ladder(),
        &policy,
    )
    .unwrap();
    let RenderedNotice::Letter(l) = render(&content, &Templates::new()).unwrap() else {
        panic!("a letter")
    };
    let text = l.to_text();
    assert!(text.contains("Calcul des intérêts"), "{text}");
    assert!(text.contains("13,15"), "{text}");
    assert!(text.contains("12,15"), "{text}");
    assert!(text.contains("8,65") && text.contains("5,99"), "{text}");
}
