import { AgentMCApi } from "@agentmc/api";

const client = new AgentMCApi({
  agentToken: process.env.AGENTMC_AGENT_TOKEN
});

const result = await client.operations.authenticateAgentRealtimeSocket({
  "params": {
    "path": {
      "agent": 1,
      "session": 1
    }
  },
  "body": {
    "socket_id": "1234.567890",
    "channel_name": "private-agent-realtime.7.42"
  }
});

if (result.error) {
  console.error(result.status, result.error);
} else {
  console.log(result.data);
}
