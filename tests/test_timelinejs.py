"""TimelineJS spreadsheet and JSON against shared/reference/timelinejs.md."""
import json
from pathlib import Path

import timeline
from timeline import timelinejs as tj

SEED = Path(__file__).parent / "data" / "haftar.txt"


def seed():
    return timeline.extract(SEED)


def test_csv_has_the_18_columns_in_order():
    assert tj.CSV_COLUMNS == [
        "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
        "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
        "Media Thumbnail", "Type", "Group", "Background"]
    assert list(tj.csv_frame(seed()).columns) == tj.CSV_COLUMNS


def test_csv_rows_by_granularity():
    table = tj.csv_frame(seed()).set_index("Display Date")
    month = table.loc["July 2017"]                  # month-level: Day empty, no end
    assert (month["Year"], month["Month"], month["Day"], month["End Year"]) == ("2017", "7", "", "")
    day = table.loc["26 September 2017"]
    assert (day["Year"], day["Month"], day["Day"]) == ("2017", "9", "26")
    half = table.loc["H1 2018"]                     # a period fills the End columns
    assert (half["Year"], half["Month"], half["End Year"], half["End Month"], half["End Day"]) == ("2018", "1", "2018", "6", "")
    year = table.loc["2011"]
    assert (year["Month"], year["End Year"]) == ("", "")
    assert not (tj.csv_frame(seed()).isin(["0", 0]).any().any())   # never a zero for a missing end


def test_vague_values_are_left_out():
    assert len(tj.csv_frame(seed())) == 7
    assert len(tj.to_json(seed())["events"]) == 7


def test_json_structure():
    data = json.loads(tj.dumps(seed(), title="Haftar"))
    assert data["title"]["text"]["headline"] == "Haftar"
    assert data["scale"] == "human"
    for event in data["events"]:
        assert isinstance(event["start_date"]["year"], int)
        assert set(event["text"]) == {"headline", "text"}
        assert "end_date" not in event or isinstance(event["end_date"]["year"], int)
    by_display = {e["start_date"]["display_date"]: e for e in data["events"]}
    assert by_display["July 2017"]["start_date"] == {"year": 2017, "month": 7, "display_date": "July 2017"}
    assert "end_date" not in by_display["July 2017"]
    assert by_display["H1 2018"]["end_date"] == {"year": 2018, "month": 6}
    ids = [e["unique_id"] for e in data["events"]]
    assert len(ids) == len(set(ids))
