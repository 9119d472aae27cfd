import { AgentMCApi } from "@agentmc/api";

const client = new AgentMCApi({
  agentToken: process.env.AGENTMC_AGENT_TOKEN
});

const result = await client.operations.updateBoard({
  "params": {
    "path": {
      "id": 5
    }
  },
  "body": {
    "name": "Incident Response",
    "description": "Updated board description with escalation runbook links.",
    "visibility": "personal",
    "personal_owner_user_id": 8
  }
});

if (result.error) {
  console.error(result.status, result.error);
} else {
  console.log(result.data);
}
