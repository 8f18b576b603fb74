"""Charts of the allegations table: verdicts per report, and credible deaths by month of incident."""

from __future__ import annotations

import pandas as pd

from civcas.charts import WIDTH, Figure, _spec, records, years

VERDICTS = ["credible", "not-credible", "duplicate"]
VERDICT_COLORS = ["#c0392b", "#5d6d7e", "#a67c00"]  # each at least 3:1 against white
SOURCE = ("Source: the allegations listed in CJTF-OIR monthly civilian-casualty reports, with each report's "
          "verdict")


def verdicts_per_report(allegations: pd.DataFrame, releases: pd.DataFrame) -> Figure:
    import altair as alt

    order = [r for r in releases["report_id"] if r in set(allegations["report_id"])]
    listed = allegations[allegations["report_id"] != ""]
    data = (listed.groupby(["report_id", "verdict"]).size().rename("allegations").reset_index()
            .rename(columns={"report_id": "report"}))
    data["order"] = data["report"].map(order.index)
    data = data.sort_values(["order", "verdict"]).drop(columns="order").reset_index(drop=True)
    totals = data.groupby("report", sort=False)["allegations"].sum()
    longest = f" The longest list is report {totals.idxmax()} with {int(totals.max()):,}." if len(totals) else ""
    description = (
        f"Stacked bar chart of the {int(totals.sum()):,} allegations listed here for {len(totals)} reports, by the "
        f"coalition's verdict.{longest} Bars show "
        f"only the allegations found in the records read: for most reports that is part of what the report "
        f"closed, and almost only in Syria.")
    chart = alt.Chart(alt.Data(values=records(data))).mark_bar().encode(
        x=alt.X("report:O", title="Report", sort=order),
        y=alt.Y("allegations:Q", title="Allegations listed"),
        color=alt.Color("verdict:N", title="Verdict", scale=alt.Scale(domain=VERDICTS, range=VERDICT_COLORS),
                        legend=alt.Legend(orient="top", direction="horizontal")),
        tooltip=[alt.Tooltip("report:N"), alt.Tooltip("verdict:N"), alt.Tooltip("allegations:Q", format=",")],
    ).properties(width=WIDTH, height=300)
    title = "The coalition's verdicts on the allegations each report closed"
    return Figure("allegation-verdicts", title, description, SOURCE, data, _spec(chart, description))


def credible_deaths_by_month(allegations: pd.DataFrame) -> Figure:
    import altair as alt

    credible = allegations[(allegations["verdict"] == "credible") & (allegations["killed"] != "")]
    frame = pd.DataFrame({"month": credible["incident_date"].str[:7],
                          "killed": pd.to_numeric(credible["killed"]).astype(int)})
    data = (frame.groupby("month").agg(killed=("killed", "sum"), allegations=("killed", "size")).reset_index())
    data["date"] = data["month"] + "-01"
    data = data[["month", "date", "killed", "allegations"]]
    highest = ""
    if len(data):
        top = data.loc[data["killed"].idxmax()]
        highest = f" The highest month is {top['month']} with {int(top['killed'])}."
    description = (
        f"Bar chart of the civilians the coalition said were killed in the {int(data['allegations'].sum())} "
        f"allegations listed here that it found credible and that give a number, {int(data['killed'].sum()):,} "
        f"deaths in all, by month of the incident.{highest} Incidents are dated by the coalition or, where it "
        f"gives no date, by the monitor's record; Iraq is barely represented.")
    chart = alt.Chart(alt.Data(values=records(data))).mark_bar(color=VERDICT_COLORS[0]).encode(
        x=alt.X("date:T", timeUnit="yearmonth", axis=years()),
        y=alt.Y("killed:Q", title="Civilians killed (coalition's credible verdicts)"),
        tooltip=[alt.Tooltip("month:N"), alt.Tooltip("killed:Q", title="killed"),
                 alt.Tooltip("allegations:Q", title="credible allegations")],
    ).properties(width=WIDTH, height=280)
    title = "Civilian deaths the coalition accepted, by month of the incident"
    return Figure("credible-deaths-by-month", title, description, SOURCE, data, _spec(chart, description))


def figures(allegations: pd.DataFrame, releases: pd.DataFrame) -> list[Figure]:
    """The allegation charts, or none while the table is empty."""
    if allegations.empty:
        return []
    return [verdicts_per_report(allegations, releases), credible_deaths_by_month(allegations)]
