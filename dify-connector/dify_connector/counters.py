"""What the connector did, counted in Dify's Redis (shared by every worker of the deployment)."""

PREFIX = "trace_relay_connector:"
HANDED_OVER = PREFIX + "handed_over"
REJECTED = PREFIX + "rejected"
RETRIED = PREFIX + "retried"
CONFIG_REFUSED = PREFIX + "config_refused"
ALL = (HANDED_OVER, REJECTED, RETRIED, CONFIG_REFUSED)


def snapshot(redis) -> dict[str, int]:
    values = redis.mget(ALL)
    return {key[len(PREFIX):]: int(v or 0) for key, v in zip(ALL, values)}
