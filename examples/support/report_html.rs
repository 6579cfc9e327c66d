//! The analytics page shared by the `report` and `daily_run` examples: a self-contained
//! HTML file (no network: styles inline, charts as inline SVG drawn with `plotters`),
//! readable on a phone (viewport meta, charts that scale to the screen's width).
//!
//! Included with `#[path = "support/report_html.rs"] mod report_html;`.
#![allow(dead_code)] // each example uses a part

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use relance::analytics::{Kpis, Settings, compute};
use relance::scenario::Simulation;
use relance::{CustomerAccounts, Decimal, LadderBook};
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const WIDTH: u32 = 720;
const HEIGHT: u32 = 360;
const PALETTE: [RGBColor; 5] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
];

/// The accounts of a simulation, by customer, as the analytics read them.
pub fn portfolio(sim: &Simulation) -> Vec<CustomerAccounts> {
    let mut by_customer: BTreeMap<_, Vec<_>> = BTreeMap::new();
    for a in sim.store().accounts_iter() {
        by_customer
            .entry(a.invoice().customer.clone())
            .or_default()
            .push(a.clone());
    }
    sim.store()
        .customers()
        .map(|c| CustomerAccounts {
            customer: c.clone(),
            accounts: by_customer.remove(&c.id).unwrap_or_default(),
        })
        .collect()
}

/// The last day of each month from the month of `start` to `as_of`, then `as_of` itself
/// if it is not a month's end: the dates of the DSO chart.
pub fn month_ends(start: NaiveDate, as_of: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut first = start.with_day(1).unwrap_or(start);
    while first <= as_of && out.len() < 1200 {
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(as_of);
        let end = next.pred_opt().unwrap_or(as_of).min(as_of);
        if end >= start {
            out.push(end);
        }
        if next <= first {
            break;
        }
        first = next;
    }
    if out.last() != Some(&as_of) {
        out.push(as_of);
    }
    out
}

/// The indicators on `as_of` and at each month's end since `start`, then the page.
pub fn build(
    title: &str,
    book: &LadderBook,
    portfolio: &[CustomerAccounts],
    start: NaiveDate,
    as_of: NaiveDate,
) -> Result<(Kpis, String), String> {
    let settings = Settings::default();
    let now = compute(as_of, book, portfolio, &settings).map_err(|e| e.to_string())?;
    let mut months = Vec::new();
    for d in month_ends(start, as_of) {
        months.push(compute(d, book, portfolio, &settings).map_err(|e| e.to_string())?);
    }
    let html = page(title, &now, &months)?;
    Ok((now, html))
}

/// Writes the page of a simulation's run, from `start` to `as_of`, to `path`.
pub fn write(
    path: &Path,
    sim: &Simulation,
    start: NaiveDate,
    as_of: NaiveDate,
) -> Result<(), String> {
    let (_, html) = build(
        "relance: receivables report",
        sim.book(),
        &portfolio(sim),
        start,
        as_of,
    )?;
    std::fs::write(path, html).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

fn opt(d: Option<Decimal>) -> String {
    d.map_or_else(|| "–".to_string(), |d| d.to_string())
}

fn percent(d: Option<Decimal>) -> String {
    d.map_or_else(|| "–".to_string(), |d| format!("{:.1} %", f(d) * 100.0))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG chart that scales to the page's width.
fn svg(
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), String>,
) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&root)?;
        root.present().map_err(|e| e.to_string())?;
    }
    let fixed = format!("width=\"{WIDTH}\" height=\"{HEIGHT}\" ");
    Ok(out.replacen(&fixed, "style=\"width:100%;height:auto\" role=\"img\" ", 1))
}

/// Bars, one per label, with a caption.
fn bars(caption: &str, labels: &[String], values: &[f64], unit: &str) -> Result<String, String> {
    let n = i32::try_from(labels.len()).unwrap_or(i32::MAX).max(1);
    let top = values.iter().copied().fold(0.0f64, f64::max).max(1.0) * 1.15;
    svg(|root| {
        let mut chart = ChartBuilder::on(root)
            .caption(caption, ("sans-serif", 22))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d((0..n).into_segmented(), 0f64..top)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(labels.len().max(1))
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => usize::try_from(*i)
                    .ok()
                    .and_then(|i| labels.get(i))
                    .cloned()
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .y_desc(unit)
            .label_style(("sans-serif", 15))
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(values.iter().zip(0..).map(|(v, i)| {
                let color = PALETTE[usize::try_from(i).unwrap_or(0) % PALETTE.len()];
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), *v),
                    ],
                    color.filled(),
                );
                bar.set_margin(0, 0, 12, 12);
                bar
            }))
            .map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// Lines over the months: one series per name.
fn lines(
    caption: &str,
    months: &[NaiveDate],
    series: &[(String, Vec<Option<f64>>)],
) -> Result<String, String> {
    let n = months.len().max(2);
    let top = series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten().copied())
        .fold(0.0f64, f64::max)
        .max(1.0)
        * 1.15;
    svg(|root| {
        let mut chart = ChartBuilder::on(root)
            .caption(caption, ("sans-serif", 22))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..(n - 1) as f64, 0f64..top)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_labels(n)
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() > 0.01 || i < 0.0 {
                    return String::new();
                }
                months
                    .get(i as usize)
                    .map(|d| d.format("%Y-%m").to_string())
                    .unwrap_or_default()
            })
            .y_desc("days")
            .label_style(("sans-serif", 15))
            .draw()
            .map_err(|e| e.to_string())?;
        for (k, (name, values)) in series.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let points: Vec<(f64, f64)> = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
                .collect();
            chart
                .draw_series(LineSeries::new(points.clone(), color.stroke_width(3)))
                .map_err(|e| e.to_string())?
                .label(name.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(3))
                });
            chart
                .draw_series(
                    points
                        .into_iter()
                        .map(|p| Circle::new(p, 4, color.filled())),
                )
                .map_err(|e| e.to_string())?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .label_font(("sans-serif", 15))
            .draw()
            .map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// A rate read from a step's figures.
type Metric = fn(&relance::analytics::StepKpis) -> Option<Decimal>;

/// Two bars per step (response rate, paid within 30 days), as percentages.
fn effectiveness(kpis: &Kpis) -> Result<String, String> {
    let steps = &kpis.steps;
    let n = i32::try_from(steps.len()).unwrap_or(i32::MAX).max(1);
    // Short labels for a phone's width: the row number of the table below and the channel.
    let label = |i: usize| {
        steps.get(i).map_or_else(String::new, |s| {
            let channel = match s.channel.as_str() {
                "registered_letter" => "reg. letter",
                other => other,
            };
            format!("{}. {channel}", i + 1)
        })
    };
    svg(|root| {
        let mut chart = ChartBuilder::on(root)
            .caption("Effectiveness per step and channel", ("sans-serif", 22))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..f64::from(n), 0f64..115f64)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(
                usize::try_from(n)
                    .unwrap_or(1)
                    .saturating_mul(2)
                    .saturating_add(1),
            )
            .x_label_formatter(&|x| {
                let half = x - x.floor();
                if (half - 0.5).abs() > 0.01 || *x < 0.0 {
                    return String::new();
                }
                label(x.floor() as usize)
            })
            .y_desc("% of notices")
            .label_style(("sans-serif", 15))
            .draw()
            .map_err(|e| e.to_string())?;
        let metrics: [(&str, Metric); 2] = [
            ("response within 14 days", |s| s.response_rate),
            ("paid within 30 days", |s| s.within_30_days.paid_rate),
        ];
        for (k, (name, get)) in metrics.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let left = 0.1 + 0.4 * k as f64;
            chart
                .draw_series(steps.iter().enumerate().map(|(i, s)| {
                    let v = get(s).map_or(0.0, f) * 100.0;
                    let x = i as f64 + left;
                    Rectangle::new([(x, 0.0), (x + 0.38, v)], color.filled())
                }))
                .map_err(|e| e.to_string())?
                .label(*name)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.filled())
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .label_font(("sans-serif", 15))
            .draw()
            .map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// The whole page: figures, then the four charts, then the table of steps.
pub fn page(title: &str, now: &Kpis, months: &[Kpis]) -> Result<String, String> {
    let mut body = String::new();
    let w = |body: &mut String, s: String| body.push_str(&s);
    w(
        &mut body,
        format!(
            "<h1>{}</h1>\n<p>As of {} · period of {} days</p>\n",
            escape(title),
            now.as_of,
            now.period_days
        ),
    );
    for c in &now.currencies {
        let code = c.currency.code();
        w(
            &mut body,
            format!(
                "<h2>{code}</h2>\n<div class=\"cards\">\
                 <div><b>{}</b><span>receivables</span></div>\
                 <div><b>{}</b><span>DSO (standard)</span></div>\
                 <div><b>{}</b><span>DSO (countback)</span></div>\
                 <div><b>{}</b><span>best possible DSO</span></div>\
                 <div><b>{}</b><span>average days delinquent</span></div>\
                 <div><b>{}</b><span>CEI</span></div></div>\n",
                c.receivables,
                opt(c.dso_standard),
                opt(c.dso_countback),
                opt(c.best_possible_dso),
                opt(c.average_days_delinquent),
                percent(c.cei),
            ),
        );
        let labels = c.ageing.labels();
        let values: Vec<f64> = c.ageing.amounts.iter().copied().map(f).collect();
        w(
            &mut body,
            format!(
                "<figure>{}</figure>\n",
                bars(
                    &format!("Ageing of open principal ({code})"),
                    &labels,
                    &values,
                    code
                )?
            ),
        );
        let dates: Vec<NaiveDate> = months.iter().map(|k| k.as_of).collect();
        let of =
            |get: fn(&relance::analytics::CurrencyKpis) -> Option<Decimal>| -> Vec<Option<f64>> {
                months
                    .iter()
                    .map(|k| {
                        k.currencies
                            .iter()
                            .find(|x| x.currency == c.currency)
                            .and_then(get)
                            .map(f)
                    })
                    .collect()
            };
        let series = vec![
            ("countback DSO".to_string(), of(|x| x.dso_countback)),
            ("standard DSO".to_string(), of(|x| x.dso_standard)),
            ("best possible DSO".to_string(), of(|x| x.best_possible_dso)),
        ];
        w(
            &mut body,
            format!(
                "<figure>{}</figure>\n",
                lines(&format!("DSO by month ({code})"), &dates, &series)?
            ),
        );
    }
    let fu = now.funnel;
    let labels = ["invoices", "dunned", "formal notice", "judicial"].map(String::from);
    let values = [fu.invoices, fu.dunned, fu.formal_notice, fu.judicial].map(|v| v as f64);
    w(
        &mut body,
        format!(
            "<h2>Cases per stage</h2>\n<figure>{}</figure>\n",
            bars("Cases per stage", &labels, &values, "invoices")?
        ),
    );
    let o = &now.outcomes;
    w(
        &mut body,
        format!(
            "<h2>Outcomes</h2>\n<div class=\"cards\">\
             <div><b>{}</b><span>amicable conversion</span></div>\
             <div><b>{}</b><span>pre-judicial conversion</span></div>\
             <div><b>{}</b><span>promises kept</span></div>\
             <div><b>{}</b><span>disputed</span></div>\
             <div><b>{}</b><span>written off</span></div></div>\n",
            percent(o.amicable_conversion_rate),
            percent(o.pre_judicial_conversion_rate),
            percent(o.promise_kept_rate),
            percent(o.dispute_rate),
            percent(o.write_off_rate),
        ),
    );
    if !now.steps.is_empty() {
        w(
            &mut body,
            format!(
                "<h2>Steps and channels</h2>\n<figure>{}</figure>\n",
                effectiveness(now)?
            ),
        );
        body.push_str(
            "<div class=\"scroll\"><table><tr><th>#</th><th>ladder</th><th>step</th><th>channel</th>\
             <th>notices</th><th>response</th><th>paid ≤ 14 d</th><th>paid ≤ 30 d</th>\
             <th>median days to payment</th><th>recovered ≤ 30 d per notice</th></tr>\n",
        );
        for (i, s) in now.steps.iter().enumerate() {
            let recovered: Vec<String> = s
                .within_30_days
                .recovered_per_notice
                .iter()
                .map(ToString::to_string)
                .collect();
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
                 <td>{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                escape(s.ladder.as_ref().map_or("–", |l| l.as_str())),
                escape(&s.name),
                s.channel.as_str(),
                s.notices,
                percent(s.response_rate),
                percent(s.within_14_days.paid_rate),
                percent(s.within_30_days.paid_rate),
                opt(s.median_days_to_payment),
                escape(&recovered.join(", ")),
            );
        }
        body.push_str("</table></div>\n");
    }
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n\
         body{{font-family:system-ui,sans-serif;margin:0 auto;max-width:960px;padding:12px;color:#222}}\n\
         h1{{font-size:1.5em}} h2{{font-size:1.2em;margin-top:1.6em}}\n\
         figure{{margin:12px 0}} svg{{display:block;max-width:100%}}\n\
         .cards{{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:8px}}\n\
         .cards div{{background:#f3f5f8;border-radius:8px;padding:10px}}\n\
         .cards b{{display:block;font-size:1.3em}} .cards span{{font-size:.85em;color:#555}}\n\
         .scroll{{overflow-x:auto}} table{{border-collapse:collapse;font-size:.9em}}\n\
         td,th{{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;white-space:nowrap}}\n\
         </style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    ))
}
