import { AgentMCApi } from "@agentmc/api";

const client = new AgentMCApi({
  agentToken: process.env.AGENTMC_AGENT_TOKEN
});

const result = await client.operations.createBoardColumn({
  "params": {
    "path": {
      "board": 5
    }
  },
  "body": {
    "name": "In Progress",
    "position": 2
  }
});

if (result.error) {
  console.error(result.status, result.error);
} else {
  console.log(result.data);
}
