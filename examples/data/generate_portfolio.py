#!/usr/bin/env python3
"""Generates examples/data/portfolio.json, the sample portfolio of the daily_run example.

Deterministic (fixed seed): run `python3 examples/data/generate_portfolio.py` to rebuild it.
60 customers across FR, BE, DE and GB, business and consumer; 320 invoices issued from
November 2024 to March 2025; payments on time, late, partial; disputes, promises to pay
(kept and broken), a payment plan, a bounced payment, credit notes, a manual hold and a
write-off. The simulation runs 120 days from 2025-01-01.
"""
import json
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

rng = random.Random(20250101)
START = date(2025, 1, 1)
END = START + timedelta(days=119)

def step(name, stage, offset, channels, min_days=0, fee=None, approval=False, min_amount=None,
         blocks_credit=False, response_days=None):
    s = {"name": name, "stage": stage, "offset_days": offset,
         "min_days_since_previous": min_days, "channels": channels}
    if fee: s["fee"] = fee
    if approval: s["requires_approval"] = True
    if min_amount: s["min_amount"] = min_amount
    if blocks_credit: s["blocks_credit"] = True
    if response_days: s["response_days"] = response_days
    return s

ladders = [
    {"id": "fr-b2b", "steps": [
        step("rappel courtois", "amicable", -3, ["email"]),
        step("premier rappel", "amicable", 7, ["email"], min_days=5),
        step("second rappel", "amicable", 15, ["email", "phone"], min_days=7),
        step("mise en demeure", "formal_notice", 30, ["registered_letter"], min_days=10,
             min_amount="50.00", blocks_credit=True, response_days=8),
        step("injonction de payer", "judicial", 60, ["letter"], approval=True, min_amount="200.00"),
    ]},
    {"id": "fr-b2c", "steps": [
        step("rappel amiable", "amicable", 5, ["email"]),
        step("relance", "amicable", 20, ["email", "letter"], min_days=10),
        step("mise en demeure", "formal_notice", 45, ["registered_letter"], min_days=15,
             min_amount="30.00", response_days=15),
    ]},
    {"id": "be-consumer", "steps": [
        step("eerste herinnering (gratis)", "amicable", 1, ["letter"]),
        step("tweede herinnering", "amicable", 20, ["email", "letter"], min_days=17, fee="7.50"),
        step("ingebrekestelling", "formal_notice", 40, ["registered_letter"], min_days=14,
             response_days=15),
    ]},
    {"id": "be-b2b", "steps": [
        step("herinnering", "amicable", 7, ["email"]),
        step("tweede herinnering", "amicable", 21, ["email"], min_days=10),
        step("ingebrekestelling", "formal_notice", 35, ["registered_letter"], min_days=10,
             response_days=8),
        step("overdracht incasso", "judicial", 65, ["letter"], approval=True),
    ]},
    {"id": "de", "steps": [
        step("Zahlungserinnerung", "amicable", 7, ["email"]),
        step("1. Mahnung", "formal_notice", 21, ["letter"], min_days=10, fee="5.00", response_days=10),
        step("letzte Mahnung", "formal_notice", 35, ["registered_letter"], min_days=10,
             response_days=7, blocks_credit=True),
        step("Inkasso", "judicial", 60, ["letter"], approval=True, min_amount="100.00"),
    ]},
    {"id": "uk", "steps": [
        step("friendly reminder", "amicable", 3, ["email"]),
        step("second reminder", "amicable", 14, ["email", "sms"], min_days=7),
        step("letter before action", "formal_notice", 30, ["letter"], min_days=10, response_days=30),
        step("county court claim", "judicial", 75, ["letter"], approval=True, min_amount="100.00"),
    ]},
]
defaults = [
    {"kind": "business", "country": "FR", "ladder": "fr-b2b"},
    {"kind": "public", "country": "FR", "ladder": "fr-b2b"},
    {"kind": "consumer", "country": "FR", "ladder": "fr-b2c"},
    {"kind": "consumer", "country": "BE", "ladder": "be-consumer"},
    {"country": "BE", "ladder": "be-b2b"},
    {"country": "DE", "ladder": "de"},
    {"country": "GB", "ladder": "uk"},
]

NAMES = {
    "FR": (["Boulangerie", "Garage", "Cabinet", "Atelier", "Transports", "Librairie", "Pharmacie"],
           ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefebvre", "Garnier"],
           "fr", "Europe/Paris", "EUR"),
    "BE": (["Bakkerij", "Garage", "Brasserie", "Drukkerij", "Bouwbedrijf"],
           ["Peeters", "Janssens", "Maes", "Jacobs", "Willems", "Claes"],
           "nl", "Europe/Brussels", "EUR"),
    "DE": (["Bäckerei", "Autohaus", "Tischlerei", "Spedition", "Druckerei"],
           ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner"],
           "de", "Europe/Berlin", "EUR"),
    "GB": (["Bakery", "Motors", "Joinery", "Logistics", "Printing"],
           ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans"],
           "en", "Europe/London", "GBP"),
}
FIRST = {"FR": ["Camille", "Julien", "Sophie", "Nicolas"], "BE": ["Lotte", "Pieter", "Sofie", "Wout"],
         "DE": ["Anna", "Lukas", "Lena", "Jonas"], "GB": ["Olivia", "Harry", "Amelia", "George"]}

customers = []
countries = ["FR"] * 18 + ["BE"] * 14 + ["DE"] * 14 + ["GB"] * 14
for n, country in enumerate(countries, 1):
    trades, surnames, lang, tz, cur = NAMES[country]
    kind = "consumer" if n % 3 == 0 else ("public" if n % 17 == 0 else "business")
    if kind == "consumer":
        name = f"{rng.choice(FIRST[country])} {rng.choice(surnames)}"
    else:
        name = f"{rng.choice(trades)} {rng.choice(surnames)}"
    cid = f"{country}-{n:03d}"
    c = {"id": cid, "name": name, "kind": kind, "country": country, "language": lang,
         "time_zone": tz, "postal_address": [name, f"{n} rue/street", country]}
    if n % 11 != 0:  # a few customers have no e-mail: their e-mail steps fall back to letters
        c["email"] = f"accounts@{cid.lower()}.example"
    if country == "GB":
        c["mobile"] = f"+44 7700 900{n:03d}"
    if n in (7, 23):
        c["phone"] = f"+33 1 00 00 00 {n:02d}"
    customers.append(c)
customers[40]["manual_mode"] = True   # handled by hand: nothing proposed
customers[41]["excluded"] = True      # intra-group entity: never dunned

invoices = []
events = []
def add_event(d, inv, kind, **kw):
    events.append({"date": d.isoformat(), "invoice": inv, "type": kind, **kw})

for k in range(320):
    c = customers[k % len(customers)]
    cur = NAMES[c["country"]][4]
    issue = date(2024, 11, 1) + timedelta(days=rng.randrange(0, 150))
    term = 30 if c["kind"] != "consumer" else 14
    due = issue + timedelta(days=term)
    amount = Decimal(rng.randrange(4000, 600000)) / 100
    if k % 41 == 0:
        amount = Decimal("45.00")  # below some steps' minimum amount
    iid = f"INV-{k + 1:04d}"
    inv = {"id": iid, "number": f"{c['country']}2025-{k + 1:05d}", "customer": c["id"],
           "currency": cur, "issue_date": issue.isoformat()}
    if k % 50 == 7:  # two instalments
        half = (amount / 2).quantize(Decimal("0.01"))
        inv["instalments"] = [{"amount": str(half), "due_date": due.isoformat()},
                              {"amount": str(amount - half),
                               "due_date": (due + timedelta(days=30)).isoformat()}]
    else:
        inv["due_date"] = due.isoformat()
        inv["amount"] = str(amount)
    invoices.append(inv)

    fate = rng.random()
    first_day = max(issue, START)
    if fate < 0.35:  # pays on or before the due date (or soon after the start)
        add_event(max(due - timedelta(days=rng.randrange(0, 5)), first_day), iid, "payment",
                  amount=str(amount))
    elif fate < 0.55:  # pays late
        add_event(max(due + timedelta(days=rng.randrange(8, 50)), first_day), iid, "payment",
                  amount=str(amount))
    elif fate < 0.67:  # partial payment, rest later or never
        part = (amount * Decimal("0.4")).quantize(Decimal("0.01"))
        d1 = max(due + timedelta(days=rng.randrange(3, 20)), first_day)
        add_event(d1, iid, "payment", amount=str(part))
        if rng.random() < 0.5:
            add_event(d1 + timedelta(days=rng.randrange(20, 50)), iid, "payment",
                      amount=str(amount - part))
    elif fate < 0.72:  # dispute
        d1 = max(due + timedelta(days=rng.randrange(5, 20)), first_day)
        add_event(d1, iid, "dispute_opened", reason="goods damaged on delivery",
                  review_on=(d1 + timedelta(days=21)).isoformat())
        upheld = rng.random() < 0.4
        if upheld:
            credit = (amount * Decimal("0.25")).quantize(Decimal("0.01"))
            add_event(d1 + timedelta(days=25), iid, "credit_note", amount=str(credit))
        add_event(d1 + timedelta(days=30), iid, "dispute_resolved", upheld=upheld)
    elif fate < 0.78:  # promise to pay, kept or broken
        d1 = max(due + timedelta(days=rng.randrange(8, 16)), first_day)
        until = d1 + timedelta(days=14)
        add_event(d1, iid, "promise_to_pay", until=until.isoformat())
        if rng.random() < 0.5:
            add_event(until - timedelta(days=2), iid, "payment", amount=str(amount))
    # else: never pays in the period

# Special cases, each on its own invoice.
def single(idx):
    inv = invoices[idx]
    return inv["id"], Decimal(inv["amount"]), date.fromisoformat(inv["due_date"])

def clear(iid):
    global events
    events = [e for e in events if e["invoice"] != iid]

# A payment plan in three instalments, the last one missed.
iid, amt, due = single(11)
clear(iid)
agreed = max(due + timedelta(days=10), START)
a = (amt / 3).quantize(Decimal("0.01"))
sched = [{"amount": str(a), "due_date": (agreed + timedelta(days=10 + 30 * i)).isoformat()}
         for i in range(2)]
sched.append({"amount": str(amt - 2 * a), "due_date": (agreed + timedelta(days=70)).isoformat()})
add_event(agreed, iid, "payment_plan", schedule=sched)
add_event(agreed + timedelta(days=9), iid, "payment", amount=str(a))
add_event(agreed + timedelta(days=38), iid, "payment", amount=str(a))
# A bounced payment that reopens a settled invoice.
iid, amt, due = single(12)
clear(iid)
add_event(max(due, START), iid, "payment", amount=str(amt))
add_event(max(due, START) + timedelta(days=5), iid, "payment_reversal", amount=str(amt))
# A full credit note.
iid, amt, due = single(13)
clear(iid)
add_event(max(due + timedelta(days=10), START), iid, "credit_note", amount=str(amt))
# A manual hold with a reason and an end date.
iid, amt, due = single(14)
clear(iid)
add_event(max(due + timedelta(days=2), START), iid, "hold",
          until=(max(due, START) + timedelta(days=30)).isoformat(), reason="customer in restructuring talks")
# A write-off after a long silence.
iid, amt, due = single(15)
clear(iid)
add_event(END - timedelta(days=5), iid, "write_off", reason="company dissolved")

# Events must be in date order for the simulation; keep the generation order among equals.
events = [e for _, e in sorted(enumerate(events), key=lambda p: (p[1]["date"], p[0]))]
events = [e for e in events if e["date"] <= END.isoformat()]

scenario = {"start": START.isoformat(), "end": END.isoformat(), "ladders": ladders,
            "defaults": defaults, "policy": {}, "customers": customers, "invoices": invoices, "events": events}
out = Path(__file__).with_name("portfolio.json")
out.write_text(json.dumps(scenario, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"{out}: {len(customers)} customers, {len(invoices)} invoices, {len(events)} events")
