"""Writes the illustrative (synthetic) monthly series and national index.

Not real data: Botkyrka's monthly figures are not published. The shape follows
what RISE's evaluation report *Arbetsmiljö och Hälsa i Fokus* (2021) says of them
in its section *Övriga utfall*: about 4 000 net days a month, about 0.6 net days
per employee, lowest in July, some 6 350 employees; and a national index that
rises over the project, so that the trend adjustment lifts the outcome (section
*Projektets utfall*: "justerats upp").
Run: python3 generate.py  (standard library only; deterministic).
"""

from decimal import Decimal, ROUND_HALF_EVEN

SEASON = {1: "0.72", 2: "0.74", 3: "0.68", 4: "0.60", 5: "0.58", 6: "0.52",
          7: "0.38", 8: "0.50", 9: "0.62", 10: "0.66", 11: "0.70", 12: "0.64"}

state = 20181001


def noise(scale):
    """A deterministic value in [-scale, scale) from a linear congruential generator."""
    global state
    state = (1103515245 * state + 12345) % 2**31
    return Decimal(state) / Decimal(2**31) * 2 * scale - scale


def months(start, end):
    y, m = start
    while (y, m) <= end:
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


series, index = [], []
for i, (y, m) in enumerate(months((2017, 8), (2020, 2))):
    headcount = 6250 + 4 * i + int(noise(Decimal(30)))
    x = Decimal(SEASON[m]) + noise(Decimal("0.02"))
    if (y, m) >= (2018, 10):
        x -= Decimal("0.055") + noise(Decimal("0.02"))  # the project's effect
    net_days = (x * headcount * 8).quantize(Decimal(1), ROUND_HALF_EVEN) / 8  # whole hours
    series.append(f"{y:04}-{m:02},{net_days},{headcount}")
    idx = Decimal("9.10") + Decimal("0.02") * i + noise(Decimal("0.05"))
    index.append(f"{y:04}-{m:02},{idx.quantize(Decimal('0.01'))}")

with open("monthly.csv", "w") as f:
    f.write("month,net_days,headcount\n" + "\n".join(series) + "\n")
with open("index.csv", "w") as f:
    f.write("month,index\n" + "\n".join(index) + "\n")
