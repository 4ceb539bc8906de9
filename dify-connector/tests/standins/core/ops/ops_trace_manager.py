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


class OpsTraceManager:
    @classmethod
    def encrypt_tracing_config(cls, tenant_id: str, tracing_provider: str, tracing_config: dict,
                               current_trace_config=None) -> dict:
        new_config = {}
        for key in SECRET_KEYS[tracing_provider]:
            if key in tracing_config:
                new_config[key] = encrypt_token(tenant_id, tracing_config[key])
        for key in OTHER_KEYS[tracing_provider]:
            new_config[key] = tracing_config.get(key, "")
        return new_config

    @classmethod
    def decrypt_tracing_config(cls, tenant_id: str, tracing_provider: str, tracing_config: dict) -> dict:
        new_config = {}
        for key in SECRET_KEYS[tracing_provider]:
            if key in tracing_config:
                new_config[key] = decrypt_token(tenant_id, tracing_config[key])
        for key in OTHER_KEYS[tracing_provider]:
            new_config[key] = tracing_config.get(key, "")
        return new_config
