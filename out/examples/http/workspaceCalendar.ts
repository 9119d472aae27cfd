import { AgentMCApi } from "@agentmc/api";

const client = new AgentMCApi({
  agentToken: process.env.AGENTMC_AGENT_TOKEN
});

const result = await client.operations.workspaceCalendar({
  "params": {
    "query": {
      "view": "month",
      "start": "2026-02-01T00:00:00Z",
      "end": "2026-03-01T00:00:00Z",
      "type": "event",
      "status": "todo",
      "priority": "low",
      "assignee": "user:8",
      "q": "retro",
      "per_page": 25
    }
  }
});

if (result.error) {
  console.error(result.status, result.error);
} else {
  console.log(result.data);
}
