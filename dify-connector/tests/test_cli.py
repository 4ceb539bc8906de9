import json

import httpx

import standin_seed
from dify_connector import cli, counters, relay as relay_module


def test_stats_prints_the_counters(dify, capsys):
    dify.redis.incr(counters.HANDED_OVER, 7)
    dify.redis.incr(counters.REJECTED)

    assert cli.main(["stats"]) == 0

    assert json.loads(capsys.readouterr().out) == {"handed_over": 7, "rejected": 1, "retried": 0, "config_refused": 0}


def test_import_settings_mirrors_every_traced_app(dify, relay, monkeypatch, capsys):
    standin_seed.add_app("44444444-4444-4444-8444-444444444444", "tenant-c", "langsmith",
                         {"api_key": "ls-key-123456", "project": "p", "endpoint": "https://api.smith.langchain.com"})
    real = relay_module.RelayClient
    monkeypatch.setattr(relay_module, "RelayClient",
                        lambda settings: real(settings, transport=httpx.MockTransport(relay.handler)))

    assert cli.main(["import-settings"]) == 0

    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {"mirrored_apps": 1, "apps_gone": 0}
    assert [r.method for r in relay.admin()] == ["PUT", "POST", "POST"]
