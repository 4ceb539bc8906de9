"""Trace Relay's connector for Dify: Dify's ops_trace worker, handing each trace task to the relay."""
