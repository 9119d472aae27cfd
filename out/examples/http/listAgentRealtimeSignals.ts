import { AgentMCApi } from "@agentmc/api";

const client = new AgentMCApi({
  agentToken: process.env.AGENTMC_AGENT_TOKEN
});

const result = await client.operations.listAgentRealtimeSignals({
  "params": {
    "path": {
      "agent": 1,
      "session": 1
    },
    "query": {
      "after_id": 120,
      "limit": 20,
      "exclude_sender": "agent"
    }
  }
});

if (result.error) {
  console.error(result.status, result.error);
} else {
  console.log(result.data);
}
