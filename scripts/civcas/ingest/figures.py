"""The observation table's figures in a statement's sentences.

Each figure has a few patterns written for the coalition's wording and for the way news reports retell it.
A sentence about another actor (a monitor, another state), another period ("since November 2016") or an
earlier report gives no figure. When sentences give different values for a figure, the figure is left out
unless one value comes from a stronger pattern: a wrong figure is worse than a missing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civcas.ingest.numbers import normalise

N = r"(?P<n>\d+)"
WORDS = r"(?:[a-z-]+ ){0,3}?"  # up to three words, e.g. "other civilian casualty"
REPORTS = r"(?:reports?|allegations?|cases|assessments|reviews)"
BE = r"(?:(?:were|was|are|is|have been|had been|remain|remained) )?"
JUDGED = r"(?:(?:determined|assessed|found|deemed|judged|considered|ruled) )?(?:to be |as )?"
NOT_CREDIBLE = r"(?:non-credible|non credible|not credible|noncredible)"
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH = r"(?:" + "|".join(MONTHS) + r")"

# Since the campaign began: the mark of a running total.
CUMULATIVE = re.compile(
    r"since (?:the (?:start|beginning|launch)|august 2014|2014|it began|operations began)|"
    r"(?:from|between|since) (?:august )?2014|beginning of operations|total|overall|to date|"
    r"start of (?:operation inherent resolve|the campaign|the operation)|over the past \d+ years|began in 2014|"
    r"since (?:operation inherent resolve|the operation|the (?:air )?campaign) (?:began|started|was launched|"
    r"got under way)")
OTHER_ACTOR = re.compile(
    r"\b(?:airwars|amnesty|human rights watch|observatory|sohr|snhr|network for human rights|monitors?|"
    r"monitoring group|rights groups?|human rights organi[sz]ation|non-profit|russia|russian|syrian government|"
    r"syrian regime|assad|turkey|turkish|iraqi forces|iraqi army|united nations|u\.n\.|yemen|taliban|"
    r"afghanistan|journalists?|researchers)\b")
EARLIER = re.compile(
    r"\b(?:last month|previous (?:report|release|tally|figure|assessment|month's)|prior report|earlier report|"
    r"earlier release|a month earlier|(?:was|were|had been) (?:previously )?(?:reported|published) (?:in|on) |"
    r"had not been previously reported|up from|compared with|compared to|previously stood)\b")
OTHER_SPAN = re.compile(
    rf"\bsince (?:{MONTH} )?(?!2014)(?:19|20)\d\d\b|\bsince {MONTH}\b(?! 2014)|"
    r"\b(?:in|during|so far|earlier) this year\b|"
    rf"\bfrom {MONTH} (?!2014)(?:\d{{4}} )?(?:to|through|until) {MONTH}|\bbetween {MONTH} (?!2014)")
SORTIES = re.compile(r"\bsorties\b|\bflights\b|\bmissions\b")


@dataclass(frozen=True)
class Rule:
    column: str
    pattern: re.Pattern[str]
    strength: int = 1
    cumulative: bool = False  # the sentence must mark a running total
    monthly: bool = False  # the sentence may not mark a running total


def rule(column: str, pattern: str, strength: int = 1, cumulative: bool = False, monthly: bool = False) -> Rule:
    return Rule(column, re.compile(pattern), strength, cumulative, monthly)


QUALIFIER = r"(?P<q>more than|over|nearly|almost|about|around|approximately|roughly|some|at least)?\s*"
RULES = (
    # Running totals
    rule("cum_killed", rf"assess(?:es|ed)? (?:that )?(?:it is more likely than not,? )?at least {N} civilians? "
                       r"(?:have|has|had) been (?:unintentionally )?killed", 3),
    rule("cum_killed", rf"(?:more likely than not,? )?at least {N} civilians? (?:have|has|had) been "
                       r"unintentionally killed", 3),
    rule("cum_killed", rf"at least {N} civilians? (?:have|has|had) been (?:confirmed )?(?:killed|dead)", 2, True),
    rule("cum_killed", rf"at least {N} civilians? (?:have|has|had) (?:been killed|died) unintentionally", 2, True),
    rule("cum_killed", rf"unintended deaths of (?:at least )?{N} civilians", 2, True),
    rule("cum_killed", rf"(?:killed|killing) (?:at least |a total of )?{N} civilians", 1, True),
    rule("cum_killed", rf"(?:total|toll) (?:of |to |at )?(?:at least )?{N} civilians? (?:killed|deaths|dead)",
         1, True),
    rule("cum_killed", rf"number of civilians (?:it has |they have )?(?:unintentionally )?killed [^.]*? at "
                       rf"(?:least|no fewer than|not less than) {N}\b", 2, True),
    rule("cum_strikes", rf"(?:conducted|carried out|launched) (?:a total of )?{QUALIFIER}{N} (?:air ?strikes|strikes)",
         2, True),
    rule("cum_strikes", rf"(?:a total of |total of ){QUALIFIER}{N} (?:air ?strikes|strikes)", 2),
    rule("cum_strikes", rf"{QUALIFIER}{N} (?:air ?strikes|strikes) (?:\w+ ){{0,6}}?(?:between|since|from) "
                        r"(?:august )?2014", 2),
    rule("cum_engagements", rf"{N} (?:separate |total )?engagements", 2, True),
    rule("cum_reports", rf"(?:received|receiving) (?:a total of )?{N} (?:\w+ ){{0,4}}?reports", 1, True),
    rule("cum_reports", rf"(?:a total of )?{N} (?:total )?reports? (?:of (?:possible|potential) civilian casualt\w+ )?"
                        r"(?:have been |had been |were )?received since", 2),
    rule("cum_reports", rf"{N} (?:total )?reports (?:of (?:possible|potential) civilian casualties )?"
                        r"(?:in all|in total)", 1),
    rule("cum_credible", rf"{N} (?:reports )?{BE}{JUDGED}credible (?:\w+ ){{0,3}}?since", 2, True),
    rule("cum_credible", rf"(?:reports?|allegations?)[^.;]*?, (?:of which|including) {N} (?:were )?{JUDGED}credible",
         2, True),
    # This month's assessments
    rule("carried_over", rf"carried over {N}\b", 3),
    rule("carried_over", rf"{N} (?:open )?{REPORTS} (?:were )?carried over", 3),
    rule("new_reports", rf"received {N} new\b", 3),
    rule("new_reports", rf"{N} new (?:civilian casualty )?{REPORTS}", 2),
    rule("new_reports", r"received (?P<zero>no) new (?:civilian casualty )?(?:reports|allegations)", 3),
    rule("completed", rf"(?:completed|closed) {N} (?:[a-z-]+ ){{0,5}}?(?:reports|assessments|reviews)", 3),
    rule("completed", rf"(?:out|of) (?:the )?{N} completed\b", 3),
    rule("completed", rf"(?:investigated|assessed|reviewed|examined|looked into) {N} (?:reports|allegations)\b", 2),
    rule("completed", rf"\b(?:the last |a total of )?{N} (?:reports |allegations )?(?:were |had been )?"
                      r"(?:assessed|reviewed|investigated|examined|carried out)(?! to be| as| credible| non)", 1,
         monthly=True),
    rule("completed", rf"(?:of|out of) the (?:last )?{N} (?:reviews|assessments|reports) (?:carried out|completed)", 2),
    rule("credible", rf"\b{N} {WORDS}{REPORTS} {BE}{JUDGED}credible", 3, monthly=True),
    rule("credible", rf"\b{N} (?:of them |of these |of those |of which )?(?:were |was )?{JUDGED}credible", 2,
         monthly=True),
    rule("credible", rf"\b{N} credible (?:reports|allegations)", 2, monthly=True),
    rule("credible", rf"\b(?:only )?{N} (?:were|was) accepted", 1, monthly=True),
    rule("credible", rf"\b{N} (?:reports|allegations) (?:\w+ ){{0,3}}?considered credible", 2, monthly=True),
    rule("non_credible", rf"\b{N} {WORDS}{REPORTS} {BE}{JUDGED}{NOT_CREDIBLE}", 3),
    rule("non_credible", rf"\b{N} (?:of them |of these |of which |others? )?(?:were |was )?{JUDGED}{NOT_CREDIBLE}", 2),
    rule("non_credible", rf"(?:^|; )(?P<both>both) (?:reports |allegations )?(?:were |was )?{JUDGED}{NOT_CREDIBLE}", 2),
    rule("duplicates", rf"\b{N} {WORDS}(?:{REPORTS} )?{BE}(?:closed as |determined to be |assessed to be |"
                       r"found to be |deemed )?duplicates?\b", 2),
    rule("deaths", rf"result(?:ed|ing)? in {N} (?:unintentional )?(?:civilian )?deaths", 3, monthly=True),
    rule("deaths", rf"credible[^.]*?\b{N} (?:unintentional )?civilian deaths", 2, monthly=True),
    rule("deaths", rf"credible[^.]*?\b{N} civilians? (?:were |was )?(?:unintentionally )?killed", 2, monthly=True),
    rule("deaths", rf"killed (?:at least )?{N} civilians?[^.]*credible", 1, monthly=True),
    rule("deaths", rf"\b{N} (?:unintentional )?civilian deaths in (?:its |the )?(?:\w+ )?credible", 2, monthly=True),
    rule("injured", rf"result(?:ed|ing)? in [^.]*?\b{N} (?:unintentional )?(?:civilian )?injur(?:ies|y|ed)", 3,
         monthly=True),
    rule("injured", rf"credible[^.]*?\b{N} (?:civilians? )?(?:were |was )?(?:unintentionally )?(?:injured|wounded)",
         2, monthly=True),
    rule("injured", rf"credible[^.]*?\b(?:wounded|injured|wounding|injuring) {N} civilians?", 2, monthly=True),
    rule("still_open", rf"\b{N} {WORDS}{REPORTS} {BE}(?:still )?(?:open|pending|under (?:review|assessment|"
                       r"investigation)|being (?:assessed|examined|reviewed|investigated))", 3),
    rule("still_open", rf"\b{N} (?:{REPORTS} )?{BE}still (?:open|pending|being assessed|under review|"
                       r"being examined)", 3),
    rule("still_open", rf"\b{N} (?:incidents|reports|allegations) (?:in which|that) the coalition is still assessing",
         2),
    rule("reopened", rf"including {N} (?:that|which) (?:had been |were )?(?:previously closed|reopened)", 3),
    rule("reopened", rf"\b{N} (?:of them |of which )?(?:were |had been )?reopened", 2),
    rule("reopened", rf"(?:including|incl\.?) {N} reopened", 3),
)
QUALIFIED = {"more than": "more-than", "over": "more-than", "nearly": "about", "almost": "about", "about": "about",
             "around": "about", "approximately": "about", "roughly": "about", "some": "about"}


@dataclass(frozen=True)
class Candidate:
    column: str
    value: int
    strength: int
    sentence: str
    qualifier: str = ""


def sentence_candidates(sentence: str) -> list[Candidate]:
    """Every figure one sentence states, with how sure the pattern is."""
    text = normalise(sentence).lower()
    if OTHER_ACTOR.search(text) or EARLIER.search(text) or OTHER_SPAN.search(text):
        return []
    cumulative = bool(CUMULATIVE.search(text))
    found = []
    for r in RULES:
        if (r.cumulative and not cumulative) or (r.monthly and cumulative):
            continue
        for match in r.pattern.finditer(text):
            groups = match.groupdict()
            value = 0 if groups.get("zero") else 2 if groups.get("both") else int(groups["n"])
            qualifier = groups.get("q") or ""
            if r.column == "cum_strikes":
                if SORTIES.search(text) or qualifier == "at least" or re.match(r" by (?:the )?u\.?s\b",
                                                                                text[match.end():]):
                    continue
                qualifier = QUALIFIED.get(qualifier, "exact")
            elif qualifier:
                continue
            found.append(Candidate(r.column, value, r.strength, sentence, qualifier))
    return found


def rounded(value: int) -> bool:
    return value >= 1000 and value % 100 == 0


def choose(candidates: list[Candidate]) -> dict[str, Candidate]:
    """One value per figure: the strongest patterns must agree, or the figure is left out.

    A round running total ("at least 1,300") is a headline's rounding unless the coalition's own wording
    gives it, so it yields to any other value.
    """
    chosen: dict[str, Candidate] = {}
    for column in dict.fromkeys(c.column for c in candidates):
        mine = [c for c in candidates if c.column == column]
        if column in ("cum_killed", "cum_strikes") and any(not rounded(c.value) for c in mine):
            mine = [c for c in mine if not rounded(c.value) or c.strength >= 3]
        elif column == "cum_killed":
            mine = [c for c in mine if c.strength >= 3]
        if not mine:
            continue
        best = max(c.strength for c in mine)
        top = [c for c in mine if c.strength == best]
        if len({(c.value, c.qualifier) for c in top}) == 1:
            chosen[column] = top[0]
    return chosen


def figures(sentences: list[str]) -> dict[str, Candidate]:
    return choose([c for s in sentences for c in sentence_candidates(s)])
