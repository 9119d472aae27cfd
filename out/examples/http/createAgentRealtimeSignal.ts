import { AgentMCApi } from "@agentmc/api";

const client = new AgentMCApi({
  agentToken: process.env.AGENTMC_AGENT_TOKEN
});

const result = await client.operations.createAgentRealtimeSignal({
  "params": {
    "path": {
      "agent": 1,
      "session": 1
    }
  },
  "body": {
    "type": "message",
    "payload": {
      "type": "chat.agent",
      "payload": {
        "content": "Drafted the postmortem outline and attached it to task 121.",
        "message_id": 513,
        "reply_to": 512,
        "timezone": "America/Los_Angeles",
        "source": "agentmc_chat"
      }
    }
  }
});

if (result.error) {
  console.error(result.status, result.error);
} else {
  console.log(result.data);
}
