import pytest

from dify_connector.providers import UnsupportedProvider, relay_config, relay_provider

# Dify 1.13's ten providers and their config fields (secret and other keys of its provider map).
DIFY = {
    "langfuse": ["public_key", "secret_key", "host", "project_key"],
    "langsmith": ["api_key", "project", "endpoint"],
    "opik": ["api_key", "project", "url", "workspace"],
    "weave": ["api_key", "project", "entity", "endpoint", "host"],
    "arize": ["api_key", "space_id", "project", "endpoint"],
    "phoenix": ["api_key", "project", "endpoint"],
    "aliyun": ["license_key", "endpoint", "app_name"],
    "mlflow": ["password", "tracking_uri", "experiment_id", "username"],
    "databricks": ["personal_access_token", "client_secret", "host", "client_id", "experiment_id"],
    "tencent": ["token", "endpoint", "service_name"],
}


@pytest.mark.parametrize("provider,fields", DIFY.items())
def test_each_of_difys_providers_maps_onto_the_relays_with_its_fields(provider, fields):
    name, config = relay_config(provider, {f: f"v-{f}" for f in fields})
    assert name == provider
    expected = [f for f in fields if not (provider == "langfuse" and f == "project_key")]
    assert config == {f: f"v-{f}" for f in expected}


def test_none_values_are_left_out_and_others_sent_as_text():
    assert relay_config("mlflow", {"tracking_uri": "http://m", "experiment_id": 7, "username": None}) == \
        ("mlflow", {"tracking_uri": "http://m", "experiment_id": "7"})


def test_newer_difys_otel_goes_to_otlp_and_an_unknown_provider_is_refused():
    assert relay_config("otel", {"endpoint": "http://c:4318", "service_name": "dify"}) == \
        ("otlp", {"endpoint": "http://c:4318"})
    assert relay_provider(None) is None
    with pytest.raises(UnsupportedProvider):
        relay_provider("mystery")
