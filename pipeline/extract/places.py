"""Places named in a page, resolved to the areas BLS OEWS publishes (`oe.area`), or kept as written when OEWS
publishes no such area (regions, cities that are not a metro area's principal city, metropolitan divisions).

A figure for one place is never evidence about another, so each claim carries its place: the nation when the
text names none ("national", "U.S." and silence all mean the nation), a state, a metro or nonmetro area.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.extract.vocabulary import PhraseMatcher, definitions_dir

NATION = "United States"
NATION_CODE = "0000000"
AREA_KINDS = ("national", "state", "metro", "nonmetro", "other")
"""`other`: a place OEWS does not publish (a region, an unpublished city or division); never an OEWS area."""

NATIONAL_PHRASES = (
    "United States", "U.S.", "US", "USA", "the nation", "nationwide", "nationally", "national", "national data",
    "across the country", "in the country",
)  # fmt: skip
REGIONS = (
    "Gulf Coast", "New England", "Great Lakes", "Midwest", "Northeast", "Southeast", "Southwest", "Northwest",
    "Pacific Northwest", "Mid-Atlantic", "Mountain West", "West Coast", "East Coast", "Sun Belt", "Rust Belt",
    "Appalachia", "Great Plains", "Deep South", "Tri-State Area", "Bay Area",
)  # fmt: skip
"""Regions people name that are not OEWS areas: a regional figure is checked against no single area."""
STATE_ALIASES = {"Washington D.C.": "District of Columbia", "Washington, D.C.": "District of Columbia",
                 "D.C.": "District of Columbia", "DC": "District of Columbia"}  # fmt: skip
ABBREVIATIONS = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "GU": "Guam", "PR": "Puerto Rico", "VI": "Virgin Islands",
}  # fmt: skip

CREDENTIAL_LOOKALIKES = frozenset({"MD", "PA", "DO"})
"""`Jane Doe, MD` is a person with a degree, not a city: such a pair counts only when it names an OEWS metro."""
CITY_WORD = r"(?:(?:St|Ste|Ft|Mt)\.|[A-Z](?:[\w'’]|\.(?=\w))*)"
"""A word of a city name: `Winston-Salem`, `St. Louis`, `U.S.`-like initials; a word ending a sentence (`Texas.`)
is never glued to the next sentence's words."""
CITY_STATE = re.compile(
    rf"\b(?!The\s)(?P<city>{CITY_WORD}(?:[ -]{CITY_WORD}){{0,4}}),\s"
    r"(?P<state>[A-Z]{2}(?:-[A-Z]{2})*|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
    r"(?P<division>\s(?:Metropolitan|Metro)\s(?:Division|Statistical\sArea|Area))?\b"
)
"""`San Francisco, CA`, `Flagstaff, Arizona`, `Dallas-Plano-Irving, TX Metropolitan Division`."""


PLACE_START = re.compile(r"(?<![\w*-])(?:[A-Z]|n(?=ation)|i(?=n\sthe\scountry)|a(?=cross\sthe\scountry))")
"""Where a place phrase may begin: a capital, or the lowercase national phrases; other words are skipped."""


@dataclass(frozen=True)
class Place:
    """A place as OEWS names it (`Texas`, `Boston-Cambridge-Newton, MA-NH`), or as written when not an OEWS area."""

    name: str
    area_code: str | None
    kind: str
    """One of AREA_KINDS."""
    span: tuple[int, int] = (0, 0)


NATIONAL = Place(NATION, NATION_CODE, "national")


def _area_file() -> Path | None:
    """`oe.area` of the newest OEWS release beside the definitions (raw/bls_oews/<release>/oe.area)."""
    releases = sorted((definitions_dir().parent / "bls_oews").glob("*/oe.area"))
    return releases[-1] if releases else None


@dataclass(frozen=True)
class Gazetteer:
    states: dict[str, Place]
    """State, DC and territory name -> place."""
    metros: list[tuple[str, frozenset[str], Place]]
    """(first principal city, state abbreviations, place) of each metro area."""
    by_name: dict[str, Place]
    """Every OEWS area by its exact name, casefolded."""
    names: PhraseMatcher
    """Capitalised state, region and national phrases -> key into `places`."""
    places: dict[str, Place]


def _first_city(area_name: str) -> str:
    city = area_name.split(",")[0].split("-")[0].strip()
    return re.sub(r"^(?:Urban|City of)\s", "", city)


@cache
def load_gazetteer() -> Gazetteer:
    """Read `oe.area` once; without it only the nation and the named regions are known."""
    states: dict[str, Place] = {}
    metros: list[tuple[str, frozenset[str], Place]] = []
    by_name: dict[str, Place] = {}
    path = _area_file()
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t")) if path else []
    for row in rows:
        name, code, kind = row["area_name"].strip(), row["area_code"].strip(), row["areatype_code"].strip()
        if kind == "S":
            place = Place(name, code, "state")
            states[name] = place
        elif kind == "M":
            place = Place(name, code, "nonmetro" if "nonmetropolitan" in name else "metro")
            if place.kind == "metro" and "," in name:
                abbreviations = frozenset(name.rsplit(",", 1)[1].strip().split("-"))
                metros.append((_first_city(name).casefold(), abbreviations, place))
        else:
            continue
        by_name[name.casefold()] = place
    places: dict[str, Place] = {}
    phrases: dict[str, str] = {}
    for name, place in states.items():
        places[name] = place
        phrases[name] = name
    for alias, state in STATE_ALIASES.items():
        if state in states:
            places[alias] = states[state]
            phrases[alias] = alias
    for region in REGIONS:
        places[region] = Place(region, None, "other")
        phrases[region] = region
    for phrase in NATIONAL_PHRASES:
        places[phrase] = NATIONAL
        phrases[phrase] = phrase
    case_sensitive = frozenset(p for p in phrases if p[0].isupper())
    return Gazetteer(states, metros, by_name, PhraseMatcher(phrases, case_sensitive, PLACE_START), places)


def _state_abbreviation(state: str) -> str | None:
    if state in ABBREVIATIONS:
        return state
    return next((abbr for abbr, name in ABBREVIATIONS.items() if name == state), None)


def _city_place(match: re.Match[str], gazetteer: Gazetteer) -> Place | None:
    """A `City, ST` mention: the OEWS metro whose name it is, or whose first principal city it names."""
    city, state = match["city"], match["state"]
    states = state.split("-")
    abbreviations = [a for a in (_state_abbreviation(s) for s in states) if a]
    if not abbreviations:
        return None
    span = match.span()
    written = match.group(0)
    if match["division"]:
        return Place(written, None, "other", span)
    exact = gazetteer.by_name.get(f"{city}, {'-'.join(abbreviations)}".casefold())
    if exact:
        return Place(exact.name, exact.area_code, exact.kind, span)
    if "-" not in city:
        for first, metro_states, place in gazetteer.metros:
            if first == city.casefold() and abbreviations[0] in metro_states:
                return Place(place.name, place.area_code, place.kind, span)
    if city in gazetteer.states or city in NATIONAL_PHRASES or state in CREDENTIAL_LOOKALIKES:
        return None
    return Place(written, None, "other", span)


def find_places(text: str, start: int = 0, end: int | None = None) -> list[Place]:
    """Places named in text[start:end], left to right: metros (`Boston, MA`), states, regions, the nation."""
    end = len(text) if end is None else end
    gazetteer = load_gazetteer()
    found: list[Place] = []
    taken: list[tuple[int, int]] = []
    position = start
    while match := CITY_STATE.search(text, position, end):
        place = _city_place(match, gazetteer)
        if place:
            found.append(place)
            taken.append(place.span)
            position = match.end()
        else:
            position = match.start("state")  # "Texas, Washington, DC": the state may open the next pair
    for s, e, key in gazetteer.names.find(text, start, end):
        if any(s < te and ts < e for ts, te in taken):
            continue
        place = gazetteer.places[key]
        found.append(Place(place.name, place.area_code, place.kind, (s, e)))
    return sorted(found, key=lambda p: p.span)
