"""Dify's tracing providers and config fields onto the relay's (README "Provider mapping")."""

# Dify provider -> (relay provider, {Dify field: relay field}, Dify fields the relay does not take).
# The ten of Dify 1.13 keep their names and fields; Langfuse's project_key is derived by Dify from
# the keys (the relay derives its own), and newer Dify's unified-only `otel` maps onto `otlp`.
_MAP: dict[str, tuple[str, dict[str, str], set[str]]] = {
    "langfuse": ("langfuse", {}, {"project_key"}),
    "langsmith": ("langsmith", {}, set()),
    "opik": ("opik", {}, set()),
    "weave": ("weave", {}, set()),
    "arize": ("arize", {}, set()),
    "phoenix": ("phoenix", {}, set()),
    "aliyun": ("aliyun", {}, set()),
    "mlflow": ("mlflow", {}, set()),
    "databricks": ("databricks", {}, set()),
    "tencent": ("tencent", {}, set()),
    "otel": ("otlp", {}, {"service_name"}),
}


class UnsupportedProvider(Exception):
    pass


def relay_provider(dify_provider: str | None) -> str | None:
    if dify_provider is None:
        return None
    entry = _MAP.get(dify_provider)
    if entry is None:
        raise UnsupportedProvider(f"Dify provider {dify_provider!r} has no counterpart in the relay")
    return entry[0]


def relay_config(dify_provider: str, decrypted: dict) -> tuple[str, dict]:
    """The relay's provider id and config for one decrypted Dify config (None values left out)."""
    provider = relay_provider(dify_provider)
    _, renamed, dropped = _MAP[dify_provider]
    config = {}
    for key, value in decrypted.items():
        if key in dropped or value is None:
            continue
        config[renamed.get(key, key)] = value if isinstance(value, str) else str(value)
    return provider, config
