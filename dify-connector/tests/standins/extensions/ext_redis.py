"""Dify's `extensions.ext_redis.redis_client` (a redis-py client)."""

import os

import redis

redis_client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
