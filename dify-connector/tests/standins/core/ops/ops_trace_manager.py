"""Dify's `core.ops.ops_trace_manager.OpsTraceManager` (the config (de)cryption it does for each
provider's secret keys; the key split is Dify 1.13's provider config map)."""

from core.helper.encrypter import decrypt_token, encrypt_token

SECRET_KEYS = {
    "langfuse": ["public_key", "secret_key"], "langsmith": ["api_key"], "opik": ["api_key"],
    "weave": ["api_key"], "arize": ["api_key", "space_id"], "phoenix": ["api_key"],
    "aliyun": ["license_key"], "mlflow": ["password"],
    "databricks": ["personal_access_token", "client_secret"], "tencent": ["token"],
}
OTHER_KEYS = {
    "langfuse": ["host", "project_key"], "langsmith": ["project", "endpoint"],
    "opik": ["project", "url", "workspace"], "weave": ["project", "entity", "endpoint", "host"],
    "arize": ["project", "endpoint"], "phoenix": ["project", "endpoint"], "aliyun": ["endpoint", "app_name"],
    "mlflow": ["tracking_uri", "experiment_id", "username"],
    "databricks": ["host", "client_id", "experiment_id"], "tencent": ["endpoint", "service_name"],
}


def _convert(tenant_id: str, tracing_provider: str, tracing_config: dict, secret) -> dict:
    """Dify's key split: each secret key through the encrypter, other keys copied ("" when missing)."""
    new_config = {key: secret(tenant_id, tracing_config[key])
                  for key in SECRET_KEYS[tracing_provider] if key in tracing_config}
    new_config.update({key: tracing_config.get(key, "") for key in OTHER_KEYS[tracing_provider]})
    return new_config


class OpsTraceManager:
    @classmethod
    def encrypt_tracing_config(cls, tenant_id: str, tracing_provider: str, tracing_config: dict,
                               current_trace_config=None) -> dict:
        return _convert(tenant_id, tracing_provider, tracing_config, encrypt_token)

    @classmethod
    def decrypt_tracing_config(cls, tenant_id: str, tracing_provider: str, tracing_config: dict) -> dict:
        return _convert(tenant_id, tracing_provider, tracing_config, decrypt_token)
