"""The connector's hand-over rate (bin/bench calls it through dify-connector/bin/bench): task files
in Dify's storage, their messages on a real Redis, the connector's Celery worker posting each to a
running relay; tasks per second from the first message to the last file deleted after its 202."""

import argparse
import json
import shutil
import time
import uuid

from harness import CONNECTOR, Harness


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--token", required=True, help="a credential the relay takes for --tenant's tasks")
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--relay", default="http://127.0.0.1:8080")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--redis-port", type=int, default=16380)
    parser.add_argument("--json")
    args = parser.parse_args()
    work = CONNECTOR / "target" / "bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    h = Harness(work, args.redis_port, args.relay)
    try:
        h.start_redis()
        import standin_seed
        from celery_entrypoint import celery

        standin_seed.reset()
        app_id = str(uuid.uuid4())
        standin_seed.add_app(app_id, args.tenant)  # tracing off: the hand-over alone is measured
        h.start_worker(args.token, args.concurrency)
        # Warm-up: the app's settings carried over, connections open.
        warm = [standin_seed.write_task(standin_seed.task_data("ToolTraceInfo", app_id, args.tenant))
                for _ in range(args.concurrency * 2)]
        for info in warm:
            standin_seed.dispatch(celery, info)
        h.wait_for("the warm-up", lambda: h.pending(_paths(warm)) == 0, 120)

        batch = []
        for i in range(args.tasks):
            type_ = standin_seed.TYPES[i % len(standin_seed.TYPES)]
            run_id = str(uuid.uuid4()) if type_ == "WorkflowTraceInfo" else None
            data = standin_seed.task_data(type_, app_id, args.tenant, run_id)
            if run_id:
                standin_seed.add_run_nodes(app_id, args.tenant, data["trace_info"]["workflow_id"], run_id)
            batch.append(standin_seed.write_task(data))
        began = time.time()
        for info in batch:
            standin_seed.dispatch(celery, info)
        h.wait_for("the batch", lambda: h.pending(_paths(batch)) == 0, 900)
        seconds = time.time() - began
        rate = args.tasks / seconds
        report = {"tasks": args.tasks, "seconds": round(seconds, 2), "tasks_per_second": round(rate, 1),
                  "worker_threads": args.concurrency}
        print(f"dify-connector hand-over: {args.tasks} tasks (the ten types, workflow runs with 3 nodes) "
              f"in {seconds:.1f} s = {rate:.1f} tasks/s, {args.concurrency} worker threads")
        if args.json:
            with open(args.json, "w") as out:
                json.dump(report, out)
    finally:
        h.stop_all()


def _paths(infos):
    return [f"ops_trace/{i['app_id']}/{i['file_id']}.json" for i in infos]


if __name__ == "__main__":
    main()
