//! Bounded work for templates: every render of a template, when it is loaded and when a
//! notice is rendered, runs within limits, and a template that could build values without
//! bound is refused when loaded.
//!
//! The limits ([`TemplateLimit`]):
//! - the source is at most [`MAX_SOURCE_BYTES`], and a tag at most [`MAX_TAG_TOKENS`]
//!   tokens, checked before minijinja parses it ([`check_tag_sizes`]);
//! - a render executes at most [`FUEL`] engine instructions (minijinja's fuel), so a loop
//!   that does not end soon enough stops with an error instead of never returning;
//! - a render writes at most [`MAX_RENDERED_BYTES`], into a buffer that refuses more;
//! - `join` and `replace` refuse to build a string longer than [`MAX_VALUE_BYTES`] and
//!   `range` a sequence longer than [`MAX_RANGE`], before allocating it;
//! - recursion is bounded ([`MAX_RECURSION`]).
//!
//! Fuel and the output bound do not bound memory on their own: a few instructions can
//! double a string many times over (`{% set ns.s = ns.s ~ ns.s %}` in a loop), and the
//! process aborts when the allocator gives up, long before the output is written. So a
//! template may only print values the notice already has, never build new ones from
//! them. [`check_constructs`] refuses, before any render:
//! - statements other than `if`, `elif`, `else`, `endif`, `for`, `endfor` and `raw`
//!   (no `set`, `with`, `macro`, `call`, `filter` blocks, `include`...);
//! - loops over anything but a field, a loop variable or `range(...)`, optionally
//!   through ordering and selecting filters; recursive loops;
//! - the `~` operator, `+` unless one side is a number, `*` and `**` (repetition), map
//!   literals, lists and tuples holding anything but literals;
//! - calls other than `range(...)`, filters, tests and `loop.cycle`/`loop.changed`
//!   (so no `namespace()` nor `dict()`);
//! - filters outside [`EXPR_FILTERS`] (in expressions) and [`ITER_FILTERS`] (in a loop's
//!   sequence): those that turn a string into a list, pad, indent, format or mark a value
//!   safe are not available.
//!
//! With these rules every value a template handles is a field, a literal or a bounded
//! filter result, so memory and time stay proportional to the notice's data.

use minijinja::value::{Kwargs, StringInput, Value};
use minijinja::{Environment, Error, ErrorKind, State, Template};
use std::fmt;
use std::io;

/// Longest template source, in bytes.
pub(crate) const MAX_SOURCE_BYTES: usize = 16 * 1024;
/// Engine instructions one render may execute.
pub(crate) const FUEL: u64 = 100_000;
/// Longest rendered part, in bytes.
pub(crate) const MAX_RENDERED_BYTES: usize = 128 * 1024;
/// Longest string `join` or `replace` may build, in bytes.
pub(crate) const MAX_VALUE_BYTES: usize = 64 * 1024;
/// Most items `range` may produce.
pub(crate) const MAX_RANGE: usize = 10_000;
/// Deepest nesting the engine follows at render time.
pub(crate) const MAX_RECURSION: usize = 64;
/// Most tokens in one tag (`{{ ... }}`, `{% ... %}`); see [`check_tag_sizes`].
pub(crate) const MAX_TAG_TOKENS: usize = 256;

/// Filters a template may use in an expression (`{{ value|filter }}`, conditions): none
/// of them turns a string into a list, so a template cannot grow a value by turning it
/// back and forth. `join` and `replace` are bounded by [`MAX_VALUE_BYTES`].
pub(crate) const EXPR_FILTERS: [&str; 27] = [
    "abs",
    "attr",
    "bool",
    "capitalize",
    "count",
    "d",
    "default",
    "dictsort",
    "e",
    "escape",
    "first",
    "float",
    "int",
    "items",
    "join",
    "last",
    "length",
    "lower",
    "max",
    "min",
    "replace",
    "reverse",
    "round",
    "string",
    "title",
    "trim",
    "upper",
];

/// Filters a template may apply to the sequence of a loop (`{% for i in invoices|sort(attribute="due_date") %}`):
/// they order or select the items of the field, never make new ones.
pub(crate) const ITER_FILTERS: [&str; 10] = [
    "dictsort",
    "items",
    "list",
    "reject",
    "rejectattr",
    "reverse",
    "select",
    "selectattr",
    "sort",
    "unique",
];

/// Builtin filters and functions taken out of the environment, so that even a template
/// that got past [`check_constructs`] could not reach them: they pad, indent, format,
/// split strings into lists, build containers, apply other filters, or mark host data as
/// safe HTML.
const REMOVED_FILTERS: [&str; 13] = [
    "batch", "chain", "format", "groupby", "indent", "lines", "map", "pprint", "safe", "slice",
    "split", "sum", "zip",
];
const REMOVED_FUNCTIONS: [&str; 2] = ["dict", "namespace"];

/// A limit a template went past. Carried by
/// [`NoticeError::TooExpensive`](crate::notice::NoticeError::TooExpensive).
///
/// # Example
/// ```
/// use relance::notice::TemplateLimit;
/// let l = TemplateLimit::Fuel { fuel: 100_000 };
/// assert_eq!(l.to_string(), "runs more than 100000 engine instructions (a loop too long or endless)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TemplateLimit {
    /// The source is longer than [`Templates::MAX_SOURCE_BYTES`](crate::notice::Templates::MAX_SOURCE_BYTES).
    SourceSize {
        /// Its length in bytes.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// A tag (`{{ ... }}` or `{% ... %}`) has more than
    /// [`Templates::MAX_TAG_TOKENS`](crate::notice::Templates::MAX_TAG_TOKENS) tokens:
    /// chains that long would nest deeper than the engine can compile safely.
    TagSize {
        /// Its tokens (counted up to just past the limit).
        tokens: usize,
        /// The limit.
        max: usize,
    },
    /// A render ran out of its [`Templates::FUEL`](crate::notice::Templates::FUEL).
    Fuel {
        /// The instructions a render may execute.
        fuel: u64,
    },
    /// A render nested deeper than
    /// [`Templates::MAX_RECURSION`](crate::notice::Templates::MAX_RECURSION) (loops in
    /// loops).
    Recursion {
        /// The limit.
        max: usize,
    },
    /// A render wrote more than [`Templates::MAX_RENDERED_BYTES`](crate::notice::Templates::MAX_RENDERED_BYTES).
    Output {
        /// The limit in bytes.
        max: usize,
    },
    /// `join`, `replace` or `range` would have built a value past
    /// [`Templates::MAX_VALUE_BYTES`](crate::notice::Templates::MAX_VALUE_BYTES) or
    /// [`Templates::MAX_RANGE`](crate::notice::Templates::MAX_RANGE).
    Value {
        /// `join`, `replace` or `range`.
        operation: &'static str,
        /// The size it would have had: bytes, or items for `range`.
        size: u128,
        /// The limit.
        max: usize,
    },
    /// The source uses a construct templates may not use, because it can build values
    /// without bound (see [`Templates`](crate::notice::Templates)).
    Construct {
        /// The construct, e.g. `{% set %}` or `the ~ operator`.
        construct: String,
    },
}

impl fmt::Display for TemplateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateLimit::SourceSize { bytes, max } => {
                write!(f, "its source is {bytes} bytes long, more than {max}")
            }
            TemplateLimit::TagSize { tokens, max } => write!(
                f,
                "has a tag of more than {max} tokens ({tokens} read): split long chains"
            ),
            TemplateLimit::Fuel { fuel } => write!(
                f,
                "runs more than {fuel} engine instructions (a loop too long or endless)"
            ),
            TemplateLimit::Recursion { max } => write!(f, "nests deeper than {max} levels"),
            TemplateLimit::Output { max } => write!(f, "renders more than {max} bytes"),
            TemplateLimit::Value {
                operation,
                size,
                max,
            } => write!(
                f,
                "{operation} would build a value of size {size}, more than {max}"
            ),
            TemplateLimit::Construct { construct } => write!(
                f,
                "uses {construct}, which notice templates may not use: they print the notice's \
                 fields and cannot build values of their own"
            ),
        }
    }
}

/// The engine's message when a render nests deeper than its recursion limit (minijinja
/// has no error kind of its own for it).
const RECURSION_MESSAGE: &str = "recursion limit exceeded";

/// A limit reached inside the engine (a filter or function of ours), carried as the
/// source of the engine's error so the render can report it.
#[derive(Debug)]
struct LimitReached(TemplateLimit);

impl fmt::Display for LimitReached {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for LimitReached {}

fn limit_error(operation: &'static str, size: u128, max: usize) -> Error {
    let limit = TemplateLimit::Value {
        operation,
        size,
        max,
    };
    Error::new(ErrorKind::InvalidOperation, limit.to_string()).with_source(LimitReached(limit))
}

/// Why a render failed: a limit, or the engine.
#[derive(Debug)]
pub(crate) enum RenderFailure {
    /// A limit was reached.
    Limit(TemplateLimit),
    /// The engine's error.
    Engine(Error),
}

/// An environment with the limits of this module: fuel, recursion, the bounded `join`,
/// `replace` and `range`, and without the filters and functions that build values.
pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(MAX_RECURSION);
    for name in REMOVED_FILTERS {
        env.remove_filter(name);
    }
    for name in REMOVED_FUNCTIONS {
        env.remove_global(name);
    }
    env.add_filter("join", bounded_join);
    env.add_filter("replace", bounded_replace);
    env.add_function("range", bounded_range);
    env
}

/// A buffer that refuses to grow past its limit.
struct Bounded {
    buf: Vec<u8>,
    exceeded: bool,
}

impl io::Write for Bounded {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len().saturating_add(data.len()) > MAX_RENDERED_BYTES {
            self.exceeded = true;
            return Err(io::Error::other("rendered text too long"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Renders `template` with `fields` within the limits.
pub(crate) fn render(template: &Template<'_, '_>, fields: Value) -> Result<String, RenderFailure> {
    let mut out = Bounded {
        buf: Vec::new(),
        exceeded: false,
    };
    match template.render_captured_to(fields, &mut out) {
        Ok(_) => String::from_utf8(out.buf).map_err(|e| {
            RenderFailure::Engine(Error::new(
                ErrorKind::InvalidOperation,
                format!("rendered text is not UTF-8: {e}"),
            ))
        }),
        Err(_) if out.exceeded => Err(RenderFailure::Limit(TemplateLimit::Output {
            max: MAX_RENDERED_BYTES,
        })),
        Err(e) => Err(match limit_of(&e) {
            Some(limit) => RenderFailure::Limit(limit),
            None => RenderFailure::Engine(e),
        }),
    }
}

/// The limit behind an engine error, if any.
fn limit_of(e: &Error) -> Option<TemplateLimit> {
    if e.kind() == ErrorKind::OutOfFuel {
        return Some(TemplateLimit::Fuel { fuel: FUEL });
    }
    if e.kind() == ErrorKind::InvalidOperation && e.detail() == Some(RECURSION_MESSAGE) {
        return Some(TemplateLimit::Recursion { max: MAX_RECURSION });
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if let Some(LimitReached(limit)) = c.downcast_ref::<LimitReached>() {
            return Some(limit.clone());
        }
        if let Some(engine) = c.downcast_ref::<Error>() {
            if engine.kind() == ErrorKind::OutOfFuel {
                return Some(TemplateLimit::Fuel { fuel: FUEL });
            }
        }
        cause = c.source();
    }
    None
}

/// Counts the bytes written, refusing past a budget.
struct Counter {
    len: usize,
    budget: usize,
}

impl fmt::Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.len = self.len.saturating_add(s.len());
        if self.len > self.budget {
            Err(fmt::Error)
        } else {
            Ok(())
        }
    }
}

/// The length of `value` as text, or `None` past `budget` (without building it).
fn text_len(value: &Value, budget: usize) -> Option<usize> {
    if let Some(s) = value.as_str() {
        return (s.len() <= budget).then_some(s.len());
    }
    let mut c = Counter { len: 0, budget };
    fmt::write(&mut c, format_args!("{value}")).ok()?;
    Some(c.len)
}

/// minijinja's `join`, refused before it builds more than [`MAX_VALUE_BYTES`].
fn bounded_join(
    state: &mut State,
    value: &Value,
    joiner: Option<StringInput<'_>>,
    attribute: Option<&str>,
    kwargs: Kwargs,
) -> Result<Value, Error> {
    let joiner_len = match &joiner {
        Some(j) => j.as_str().len(),
        None => kwargs
            .peek::<Option<StringInput<'_>>>("d")?
            .map_or(0, |j| j.as_str().len()),
    };
    if let Ok(items) = value.try_iter() {
        let mut total: usize = 0;
        let too_long = |total: usize| limit_error("join", total as u128, MAX_VALUE_BYTES);
        for (i, item) in items.enumerate() {
            if i > 0 {
                total = total.saturating_add(joiner_len);
            }
            let budget = MAX_VALUE_BYTES.saturating_sub(total);
            match text_len(&item, budget) {
                Some(len) => total = total.saturating_add(len),
                None => return Err(too_long(total.saturating_add(budget).saturating_add(1))),
            }
            if total > MAX_VALUE_BYTES {
                return Err(too_long(total));
            }
        }
    }
    minijinja::filters::join(state, value, joiner, attribute, kwargs)
}

/// minijinja's `replace`, refused before it builds more than [`MAX_VALUE_BYTES`].
fn bounded_replace(
    state: &mut State,
    value: StringInput<'_>,
    from: StringInput<'_>,
    to: StringInput<'_>,
) -> Result<Value, Error> {
    let (s, f, t) = (value.as_str(), from.as_str(), to.as_str());
    let count = if f.is_empty() {
        s.chars().count().saturating_add(1)
    } else {
        s.matches(f).count()
    };
    let removed = (count as u128).saturating_mul(f.len() as u128);
    let added = (count as u128).saturating_mul(t.len() as u128);
    let size = (s.len() as u128)
        .saturating_sub(removed)
        .saturating_add(added);
    if size > MAX_VALUE_BYTES as u128 && size > s.len() as u128 {
        return Err(limit_error("replace", size, MAX_VALUE_BYTES));
    }
    minijinja::filters::replace(state, value, from, to)
}

/// minijinja's `range`, refused past [`MAX_RANGE`] items.
fn bounded_range(lower: isize, upper: Option<isize>, step: Option<isize>) -> Result<Value, Error> {
    let (start, end) = match upper {
        Some(upper) => (lower as i128, upper as i128),
        None => (0, lower as i128),
    };
    let step_by = step.unwrap_or(1) as i128;
    let items: i128 = match step_by {
        0 => 0, // minijinja refuses it
        s if s > 0 && end > start => (end - start + s - 1) / s,
        s if s < 0 && start > end => (start - end - s - 1) / -s,
        _ => 0,
    };
    if items > MAX_RANGE as i128 {
        return Err(limit_error("range", items.unsigned_abs(), MAX_RANGE));
    }
    minijinja::functions::range(lower, upper, step)
}

// ---------------------------------------------------------------- the construct check

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Ident(&'a str),
    Str,
    Num,
    Op(&'static str),
}

const OPS_2: [&str; 6] = ["**", "//", "==", "!=", "<=", ">="];
const OPS_1: [&str; 19] = [
    "+", "-", "*", "/", "%", "~", "|", ".", ",", ":", "(", ")", "[", "]", "{", "}", "=", "<", ">",
];
const KEYWORDS: [&str; 13] = [
    "and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False", "None",
];

fn refuse(construct: impl Into<String>) -> TemplateLimit {
    TemplateLimit::Construct {
        construct: construct.into(),
    }
}

/// Checks, before minijinja parses `source`, that no tag has more than [`MAX_TAG_TOKENS`]
/// tokens: the parser builds long chains (`a|f|f|f...`, `a and b and c...`) as nested
/// trees without a depth limit, and compiling a tree thousands deep overflows the stack,
/// which aborts the process. A tag the scan cannot read is left to the parser, which stops
/// at the same place with a syntax error.
pub(crate) fn check_tag_sizes(source: &str) -> Result<(), TemplateLimit> {
    scan(source, true, |_, _| Ok(()))
}

/// Checks that `source` (which minijinja parsed) uses only the constructs listed in the
/// module docs. The scan is conservative: what it does not recognise, it refuses.
pub(crate) fn check_constructs(source: &str) -> Result<(), TemplateLimit> {
    scan(source, false, |statement, tokens| {
        if statement {
            check_statement(tokens)
        } else {
            check_expr(tokens)
        }
    })
}

/// Walks the tags of `source` (`{{ }}`, `{% %}`; comments and raw blocks skipped),
/// calling `on_tag` with whether it is a statement and its tokens. A tag longer than
/// [`MAX_TAG_TOKENS`] is refused; one the scan cannot read stops a `lenient` scan and
/// refuses otherwise.
fn scan<'a>(
    source: &'a str,
    lenient: bool,
    mut on_tag: impl FnMut(bool, &[Tok<'a>]) -> Result<(), TemplateLimit>,
) -> Result<(), TemplateLimit> {
    let unreadable = |e: TemplateLimit| if lenient { Ok(()) } else { Err(e) };
    let mut at = 0;
    while at < source.len() {
        // Every resumption point follows an ASCII marker, so this never fails; if it did,
        // the rest would go unchecked, so it refuses.
        let rest = source.get(at..).ok_or_else(|| refuse("a malformed tag"))?;
        let Some(offset) = rest.find('{') else {
            break;
        };
        let open = at + offset;
        let statement = match source.as_bytes().get(open + 1) {
            Some(b'{') => false,
            Some(b'%') => true,
            Some(b'#') => {
                match source.get(open + 2..).and_then(|rest| rest.find("#}")) {
                    Some(end) => at = open + 2 + end + 2,
                    None => return unreadable(refuse("an unterminated comment")),
                }
                continue;
            }
            _ => {
                at = open + 1;
                continue;
            }
        };
        let (tokens, end) = block(source, open + 2, if statement { "%}" } else { "}}" });
        if tokens.len() > MAX_TAG_TOKENS {
            return Err(TemplateLimit::TagSize {
                tokens: tokens.len(),
                max: MAX_TAG_TOKENS,
            });
        }
        let after = match end {
            Ok(after) => after,
            Err(e) => return unreadable(e),
        };
        on_tag(statement, &tokens)?;
        at = if statement && tokens == [Tok::Ident("raw")] {
            match end_of_raw(source, after) {
                Ok(after) => after,
                Err(e) => return unreadable(e),
            }
        } else {
            after
        };
    }
    Ok(())
}

/// The tokens of the tag starting at `start` (after `{{` or `{%`) and the byte after its
/// end marker, or why the tag cannot be read (with the tokens read until then). Stops
/// early past [`MAX_TAG_TOKENS`].
fn block<'a>(
    source: &'a str,
    start: usize,
    end: &'static str,
) -> (Vec<Tok<'a>>, Result<usize, TemplateLimit>) {
    let text = source.get(start..).unwrap_or_default();
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    // Whitespace control right after the opening marker.
    if let Some((_, '-' | '+')) = chars.peek() {
        chars.next();
    }
    while let Some(&(i, c)) = chars.peek() {
        if tokens.len() > MAX_TAG_TOKENS {
            return (tokens, Err(refuse("a tag too long")));
        }
        let rest = text.get(i..).unwrap_or_default();
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if rest.starts_with(end) {
            return (tokens, Ok(start + i + end.len()));
        }
        if (c == '-' || c == '+') && rest.get(1..).is_some_and(|r| r.starts_with(end)) {
            return (tokens, Ok(start + i + 1 + end.len()));
        }
        if c == '"' || c == '\'' {
            chars.next();
            let mut closed = false;
            while let Some((_, d)) = chars.next() {
                if d == '\\' {
                    chars.next();
                } else if d == c {
                    closed = true;
                    break;
                }
            }
            if !closed {
                return (tokens, Err(refuse("an unterminated string")));
            }
            tokens.push(Tok::Str);
            continue;
        }
        if c.is_ascii_digit() {
            while let Some(&(_, d)) = chars.peek() {
                if d.is_ascii_alphanumeric() || d == '_' {
                    chars.next();
                } else if d == '.' {
                    // A decimal point only when a digit follows (`1.5`, not `x.0.y`).
                    let mut ahead = chars.clone();
                    ahead.next();
                    if ahead.peek().is_some_and(|&(_, e)| e.is_ascii_digit()) {
                        chars.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            tokens.push(Tok::Num);
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let mut len = 0;
            while let Some(&(_, d)) = chars.peek() {
                if d.is_ascii_alphanumeric() || d == '_' {
                    len += d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(Tok::Ident(rest.get(..len).unwrap_or_default()));
            continue;
        }
        if let Some(op) = OPS_2.iter().find(|op| rest.starts_with(**op)) {
            chars.next();
            chars.next();
            tokens.push(Tok::Op(op));
            continue;
        }
        match OPS_1.iter().find(|op| rest.starts_with(**op)) {
            Some(op) => {
                chars.next();
                tokens.push(Tok::Op(op));
            }
            None => return (tokens, Err(refuse(format!("the character {c:?}")))),
        }
    }
    (tokens, Err(refuse("an unterminated tag")))
}

/// Checks a statement (`raw` is handled by the scan).
fn check_statement(tokens: &[Tok<'_>]) -> Result<(), TemplateLimit> {
    match tokens {
        [Tok::Ident("if" | "elif"), rest @ ..] => check_expr(rest),
        [Tok::Ident("else" | "endif" | "endfor" | "raw")] => Ok(()),
        [Tok::Ident("for"), rest @ ..] => check_for(rest),
        [Tok::Ident(keyword), ..] => Err(refuse(format!("{{% {keyword} %}}"))),
        _ => Err(refuse("a statement that is not if, for or raw")),
    }
}

/// The byte after the `{% endraw %}` closing a raw block that starts at `from`.
fn end_of_raw(source: &str, from: usize) -> Result<usize, TemplateLimit> {
    let mut at = from;
    while let Some(offset) = source.get(at..).and_then(|rest| rest.find("{%")) {
        let open = at + offset;
        if let (tokens, Ok(after)) = block(source, open + 2, "%}") {
            if tokens == [Tok::Ident("endraw")] {
                return Ok(after);
            }
        }
        at = open + 2;
    }
    Err(refuse("an unterminated raw block"))
}

/// `for targets in sequence [if condition]`.
fn check_for(tokens: &[Tok<'_>]) -> Result<(), TemplateLimit> {
    let mut i = 0;
    loop {
        match tokens.get(i) {
            Some(Tok::Ident(name)) if !KEYWORDS.contains(name) => i += 1,
            _ => return Err(refuse("a loop whose variables are not plain names")),
        }
        match tokens.get(i) {
            Some(Tok::Op(",")) => i += 1,
            Some(Tok::Ident("in")) => break,
            _ => return Err(refuse("a loop whose variables are not plain names")),
        }
    }
    let rest = tokens.get(i + 1..).unwrap_or_default();
    if rest.contains(&Tok::Ident("recursive")) {
        return Err(refuse("a recursive loop"));
    }
    let mut depth = 0usize;
    let mut split = rest.len();
    for (k, t) in rest.iter().enumerate() {
        match t {
            Tok::Op("(" | "[") => depth += 1,
            Tok::Op(")" | "]") => depth = depth.saturating_sub(1),
            Tok::Ident("if") if depth == 0 => {
                split = k;
                break;
            }
            _ => {}
        }
    }
    let (sequence, condition) = rest.split_at(split);
    check_sequence(sequence)?;
    match condition {
        [] => Ok(()),
        [_if, cond @ ..] => check_expr(cond),
    }
}

/// The sequence of a loop: `range(...)`, or a field or loop variable path, then ordering
/// and selecting filters.
fn check_sequence(tokens: &[Tok<'_>]) -> Result<(), TemplateLimit> {
    let computed =
        || refuse("a loop over a computed value (loop over a field, a loop variable or range)");
    let mut i;
    match tokens {
        [Tok::Ident("range"), Tok::Op("("), ..] => {
            let close = matching(tokens, 1).ok_or_else(computed)?;
            check_expr(tokens.get(2..close).unwrap_or_default())?;
            i = close + 1;
        }
        [Tok::Ident(name), ..] if !KEYWORDS.contains(name) => {
            i = 1;
            loop {
                match (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2)) {
                    (Some(Tok::Op(".")), Some(Tok::Ident(_) | Tok::Num), _) => i += 2,
                    (Some(Tok::Op("[")), Some(Tok::Str | Tok::Num), Some(Tok::Op("]"))) => i += 3,
                    _ => break,
                }
            }
        }
        _ => return Err(computed()),
    }
    while let Some(Tok::Op("|")) = tokens.get(i) {
        match tokens.get(i + 1) {
            Some(Tok::Ident(name)) if ITER_FILTERS.contains(name) => i += 2,
            Some(Tok::Ident(name)) => {
                return Err(refuse(format!("the filter {name} on a loop's sequence")));
            }
            _ => return Err(computed()),
        }
        if let Some(Tok::Op("(")) = tokens.get(i) {
            let close = matching(tokens, i).ok_or_else(computed)?;
            check_expr(tokens.get(i + 1..close).unwrap_or_default())?;
            i = close + 1;
        }
    }
    if i == tokens.len() {
        Ok(())
    } else {
        Err(computed())
    }
}

/// The index of the bracket closing the one at `open`.
fn matching(tokens: &[Tok<'_>], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in tokens.iter().enumerate().skip(open) {
        match t {
            Tok::Op("(" | "[" | "{") => depth += 1,
            Tok::Op(")" | "]" | "}") => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// True when the tokens between brackets are literals separated by commas.
fn literals_only(tokens: &[Tok<'_>]) -> bool {
    tokens.iter().all(|t| {
        matches!(
            t,
            Tok::Str
                | Tok::Num
                | Tok::Op("," | "-")
                | Tok::Ident("true" | "false" | "none" | "True" | "False" | "None")
        )
    })
}

/// An expression: see the module docs.
fn check_expr(tokens: &[Tok<'_>]) -> Result<(), TemplateLimit> {
    for (k, t) in tokens.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|p| tokens.get(p));
        let before = k.checked_sub(2).and_then(|p| tokens.get(p));
        let next = tokens.get(k + 1);
        match t {
            Tok::Op("~") => return Err(refuse("the ~ operator (string concatenation)")),
            Tok::Op("*" | "**") => return Err(refuse("the * operator (repetition)")),
            Tok::Op("{" | "}") => return Err(refuse("a map literal")),
            Tok::Op("+") if !matches!(prev, Some(Tok::Num)) && !matches!(next, Some(Tok::Num)) => {
                return Err(refuse("the + operator between values (concatenation)"));
            }
            Tok::Op("|") => match next {
                Some(Tok::Ident(name)) if EXPR_FILTERS.contains(name) => {}
                Some(Tok::Ident(name)) => return Err(refuse(format!("the filter {name}"))),
                _ => return Err(refuse("a filter that is not a name")),
            },
            Tok::Op("(") => match prev {
                Some(Tok::Ident(name)) => {
                    let filter = matches!(before, Some(Tok::Op("|")));
                    let test = matches!(before, Some(Tok::Ident("is")))
                        || (matches!(before, Some(Tok::Ident("not")))
                            && matches!(
                                k.checked_sub(3).and_then(|p| tokens.get(p)),
                                Some(Tok::Ident("is"))
                            ));
                    let loop_method = matches!(before, Some(Tok::Op(".")))
                        && matches!(*name, "cycle" | "changed");
                    let range = *name == "range" && !matches!(before, Some(Tok::Op(".")));
                    let keyword = KEYWORDS.contains(name);
                    if keyword {
                        check_group(tokens, k)?;
                    } else if !(filter || test || loop_method || range) {
                        return Err(refuse(format!("a call of {name}()")));
                    }
                }
                Some(Tok::Op(")" | "]") | Tok::Str | Tok::Num) => {
                    return Err(refuse("a call of a value"));
                }
                _ => check_group(tokens, k)?,
            },
            Tok::Op("[") => match prev {
                Some(Tok::Ident(name)) if !KEYWORDS.contains(name) => {}
                Some(Tok::Op(")" | "]") | Tok::Str) => {}
                _ => {
                    let close = matching(tokens, k).ok_or_else(|| refuse("an unclosed ["))?;
                    if !literals_only(tokens.get(k + 1..close).unwrap_or_default()) {
                        return Err(refuse("a list holding values other than literals"));
                    }
                }
            },
            _ => {}
        }
    }
    Ok(())
}

/// Parentheses that group (allowed) or make a tuple (only of literals).
fn check_group(tokens: &[Tok<'_>], open: usize) -> Result<(), TemplateLimit> {
    let close = matching(tokens, open).ok_or_else(|| refuse("an unclosed ("))?;
    let inner = tokens.get(open + 1..close).unwrap_or_default();
    let mut depth = 0usize;
    let tuple = inner.iter().any(|t| match t {
        Tok::Op("(" | "[") => {
            depth += 1;
            false
        }
        Tok::Op(")" | "]") => {
            depth = depth.saturating_sub(1);
            false
        }
        Tok::Op(",") => depth == 0,
        _ => false,
    });
    if tuple && !literals_only(inner) {
        return Err(refuse("a tuple holding values other than literals"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn construct(source: &str) -> String {
        match check_constructs(source) {
            Err(TemplateLimit::Construct { construct }) => construct,
            other => panic!("{source}: {other:?}"),
        }
    }

    #[test]
    fn what_notice_templates_need_passes() {
        for ok in [
            "Plain text, {not a tag}, 100% sure",
            "{{ total }} {{ invoices[0].number }} {{ invoices.0.number }} {{ customer_name|upper }}",
            "{% if invoice_count == 1 %}one{% elif invoice_count > 1 and not overdue %}more{% else %}none{% endif %}",
            "{% if country in [\"BE\", \"FR\"] %}x{% endif %}{% if country in (\"BE\", \"FR\") %}y{% endif %}",
            "{%- for i in invoices|sort(attribute=\"due_date\", reverse=true) -%}{{ loop.index }}. {{ i.number }}{% if not loop.last %}, {% endif %}{% endfor %}",
            "{% for i in invoices if i.days_overdue > 0 %}{{ i.number }}{% else %}-{% endfor %}",
            "{% for k, v in invoices[0]|items %}{{ k }}={{ v }}{% endfor %}",
            "{% for n in range(3) %}{{ n + 1 }}{{ loop.cycle(\"a\", \"b\") }}{% endfor %}",
            "{{ invoice_numbers|replace(\", \", \" / \")|trim }} {{ (max_days_overdue / 7)|round }}",
            "{{ deadline|default(\"sans délai\") }} {{ total if has_deadline else amount_due }}",
            "{% if invoice_count is divisibleby(2) and total is not none %}x{% endif %}",
            "{# a comment with {{ set }} inside #}{% raw %}{% set x = 1 %}{{ a ~ b }}{% endraw %}",
            "{{ \"a ~ b * c {{ }} %}\" }} {{ 'it\\'s' }} {{ -1 }} {{ deadline_days - 1 }}",
        ] {
            assert_eq!(check_constructs(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn what_could_build_values_without_bound_is_refused() {
        for (source, expected) in [
            ("{% set s = \"x\" %}", "{% set %}"),
            ("{% with s = total %}{% endwith %}", "{% with %}"),
            ("{% macro m() %}{% endmacro %}", "{% macro %}"),
            ("{% filter upper %}x{% endfilter %}", "{% filter %}"),
            ("{% include \"x\" %}", "{% include %}"),
            (
                "{{ total ~ total }}",
                "the ~ operator (string concatenation)",
            ),
            (
                "{{ total + total }}",
                "the + operator between values (concatenation)",
            ),
            ("{{ \"x\" * 1000000 }}", "the * operator (repetition)"),
            ("{{ 2 ** 100 }}", "the * operator (repetition)"),
            ("{{ {\"a\": total} }}", "a map literal"),
            ("{{ namespace(s=total) }}", "a call of namespace()"),
            ("{{ dict(a=total) }}", "a call of dict()"),
            ("{{ \" \"|indent(99999999) }}", "the filter indent"),
            ("{{ total|list }}", "the filter list"),
            ("{{ customer_name|safe }}", "the filter safe"),
            ("{{ \"%s\"|format(total) }}", "the filter format"),
            (
                "{{ [total, total]|join }}",
                "a list holding values other than literals",
            ),
            (
                "{{ (total, total)|join }}",
                "a tuple holding values other than literals",
            ),
            (
                "{% for a in [total] %}{% endfor %}",
                "a loop over a computed value (loop over a field, a loop variable or range)",
            ),
            (
                "{% for a in invoices recursive %}{% endfor %}",
                "a recursive loop",
            ),
            (
                "{% for a in invoices|map(\"upper\") %}{% endfor %}",
                "the filter map on a loop's sequence",
            ),
            ("{{ loop(invoices) }}", "a call of loop()"),
            ("{{ total.upper() }}", "a call of upper()"),
            ("{{ total ¤ }}", "the character '¤'"),
        ] {
            assert_eq!(construct(source), expected, "{source}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_check_never_panics(source in "([{}%#~*|()\\[\\]\"'a-z0-9 .,=+-]|é|\u{2028}){0,80}") {
            let _ = check_constructs(&source);
        }
    }

    #[test]
    fn bounded_range_counts_like_range() {
        assert!(bounded_range(10_000, None, None).is_ok());
        assert!(bounded_range(0, Some(20_000), Some(2)).is_ok());
        assert!(bounded_range(0, Some(20_001), Some(2)).is_err());
        assert!(bounded_range(20_000, Some(0), Some(-2)).is_ok());
        assert!(bounded_range(isize::MIN, Some(isize::MAX), Some(1)).is_err());
        assert!(bounded_range(0, Some(5), Some(0)).is_err());
    }
}
