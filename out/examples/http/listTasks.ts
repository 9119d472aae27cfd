import { AgentMCApi } from "@agentmc/api";

const client = new AgentMCApi({
  agentToken: process.env.AGENTMC_AGENT_TOKEN
});

const result = await client.operations.listTasks({
  "params": {
    "query": {
      "board_id": 5,
      "archived": false,
      "assigned_to_user_id": 8,
      "assigned_to_agent": 1,
      "agent_id": 42,
      "due_from": "2026-02-24T12:00:00Z",
      "due_to": "2026-02-28T23:59:59Z",
      "per_page": 25
    }
  }
});

if (result.error) {
  console.error(result.status, result.error);
} else {
  console.log(result.data);
}
