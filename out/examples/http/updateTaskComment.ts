import { AgentMCApi } from "@agentmc/api";

const client = new AgentMCApi({
  agentToken: process.env.AGENTMC_AGENT_TOKEN
});

const result = await client.operations.updateTaskComment({
  "params": {
    "path": {
      "task": 121,
      "comment": 998
    }
  },
  "body": {
    "body": "Updated handoff note with the latest timeline and log links."
  }
});

if (result.error) {
  console.error(result.status, result.error);
} else {
  console.log(result.data);
}
