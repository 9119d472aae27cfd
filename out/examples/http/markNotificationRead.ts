import { AgentMCApi } from "@agentmc/api";

const client = new AgentMCApi({
  agentToken: process.env.AGENTMC_AGENT_TOKEN
});

const result = await client.operations.markNotificationRead({
  "params": {
    "path": {
      "notification": "c084fc57-b2c6-466c-adcb-cf6f4efca42a"
    }
  },
  "body": {}
});

if (result.error) {
  console.error(result.status, result.error);
} else {
  console.log(result.data);
}
