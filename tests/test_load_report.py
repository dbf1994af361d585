"""The load run's report: figures of independent generator processes merged exactly."""

import json

from bench.load.__main__ import merged_rows, orders_seen, percentile


def _entry(name, times, start, last, failures=0):
    return {
        "name": name,
        "method": "GET",
        "num_requests": sum(times.values()),
        "num_failures": failures,
        "response_times": {str(ms): count for ms, count in times.items()},
        "start_time": start,
        "last_request_timestamp": last,
    }


def test_percentiles_come_from_every_process_requests(tmp_path):
    # One process saw only fast pages, the other only slow ones: the merged median and
    # 95th percentile are those of all 200 requests, not an average of two medians.
    (tmp_path / "a.json").write_text(json.dumps([_entry("product", {10: 100}, 1000.0, 1100.0)]))
    (tmp_path / "b.json").write_text(
        json.dumps(
            [
                _entry("product", {900: 90, 3000: 10}, 1000.0, 1100.0, failures=2),
                _entry("checkout place order", {400: 5}, 1050.0, 1100.0),
            ]
        )
    )
    rows = {row["name"]: row for row in merged_rows([tmp_path / "a", tmp_path / "b"])}
    product = rows["product"]
    assert (product["requests"], product["failures"]) == (200, 2)
    assert product["p50"] == 10
    assert product["p95"] == 900
    # Rates are over the whole run (100 s), for a rare endpoint too.
    assert product["rate"] == 2.0
    assert rows["checkout place order"]["rate"] == 0.05
    assert rows["TOTAL"]["requests"] == 205


def test_orders_seen_are_added_over_processes_and_a_silent_one_counts_none(tmp_path):
    (tmp_path / "a_orders.json").write_text("7")
    (tmp_path / "b_orders.json").write_text("5")
    assert orders_seen([tmp_path / "a", tmp_path / "b", tmp_path / "gone"]) == 12


def test_a_process_that_wrote_nothing_is_left_out(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([_entry("home", {5: 3}, 10.0, 20.0)]))
    rows = merged_rows([tmp_path / "a", tmp_path / "missing"])
    assert [row["name"] for row in rows] == ["home", "TOTAL"]
    assert percentile({}, 0.95) == 0


def test_page_cache_answers_are_added_over_processes(tmp_path, capsys):
    from bench.load.__main__ import page_cache_counts, print_page_cache

    (tmp_path / "a_cache.json").write_text(json.dumps({"product": {"hit": 90, "miss": 10}}))
    (tmp_path / "b_cache.json").write_text(
        json.dumps({"product": {"hit": 80, "miss": 10, "rendered, not kept": 10}})
    )
    counts = page_cache_counts([tmp_path / "a", tmp_path / "b", tmp_path / "gone"])
    assert counts["product"] == {"hit": 170, "miss": 20, "rendered, not kept": 10}
    print_page_cache(counts)
    row = next(line for line in capsys.readouterr().out.splitlines() if "product" in line)
    assert row.split() == ["product", "200", "170", "20", "10", "85.0"]


def test_the_run_defaults_to_200_shoppers_against_two_processes_of_ten_threads(monkeypatch):
    from bench.load.__main__ import parse_args, ramp_seconds

    monkeypatch.setattr("sys.argv", ["bench.load"])
    args = parse_args()
    assert (args.users, args.minutes, args.workers, args.threads) == (200, 5, 2, 10)
    assert args.worker  # tasks go to a Celery worker, as in production
    assert ramp_seconds(args) == 20  # 10 shoppers arrive each second; counted after that
