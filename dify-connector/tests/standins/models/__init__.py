from models.account import Account
from models.model import App, TraceAppConfig
from models.workflow import WorkflowNodeExecutionModel, WorkflowNodeExecutionTriggeredFrom

__all__ = ["Account", "App", "TraceAppConfig", "WorkflowNodeExecutionModel", "WorkflowNodeExecutionTriggeredFrom"]
