import { AgentMCApi } from "@agentmc/api";

const client = new AgentMCApi({
  agentToken: process.env.AGENTMC_AGENT_TOKEN
});

const result = await client.operations.commentWorkspaceCalendarItem({
  "params": {
    "path": {
      "item": 1
    }
  },
  "body": {
    "body": "Added links to logs and timeline document.",
    "actor_type": "agent",
    "actor_id": 42
  }
});

if (result.error) {
  console.error(result.status, result.error);
} else {
  console.log(result.data);
}
