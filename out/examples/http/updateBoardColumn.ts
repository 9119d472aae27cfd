import { AgentMCApi } from "@agentmc/api";

const client = new AgentMCApi({
  agentToken: process.env.AGENTMC_AGENT_TOKEN
});

const result = await client.operations.updateBoardColumn({
  "params": {
    "path": {
      "board": 5
    }
  },
  "body": {
    "column_id": 13,
    "name": "Review",
    "position": 3
  }
});

if (result.error) {
  console.error(result.status, result.error);
} else {
  console.log(result.data);
}
