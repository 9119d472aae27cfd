import { AgentMCApi } from "@agentmc/api";

const client = new AgentMCApi({
  agentToken: process.env.AGENTMC_AGENT_TOKEN
});

const result = await client.operations.agentHeartbeat({
  "params": {
    "path": {
      "agent": 1
    }
  },
  "body": {
    "status": "online",
    "meta": {
      "uptime_seconds": 43200,
      "queue_depth": 2
    },
    "host": {
      "fingerprint": "a3f56f330f311a2159f8c101eaf1439a29f1d57f007375d56aa79f304bc4f112",
      "name": "worker-01",
      "meta": {
        "hostname": "worker-01",
        "ip": "10.0.2.15",
        "network": {
          "private_ip": "10.0.2.15",
          "public_ip": "34.222.10.10"
        },
        "os": "Ubuntu",
        "os_version": "24.04",
        "arch": "x86_64",
        "cpu": "Intel Xeon",
        "cpu_cores": 8,
        "ram_gb": 32,
        "disk": {
          "total_bytes": 536870912000,
          "free_bytes": 322122547200
        },
        "uptime_seconds": 86400,
        "runtime": {
          "name": "codex",
          "version": "2026.02.1"
        }
      }
    },
    "agent": {
      "id": 42,
      "name": "codex-runtime-prod",
      "models": [
        {
          "model_id": "openai/gpt-5-codex",
          "provider": "openai"
        },
        {
          "model_id": "anthropic/claude-sonnet-4-20250514",
          "provider": "anthropic"
        }
      ]
    }
  }
});

if (result.error) {
  console.error(result.status, result.error);
} else {
  console.log(result.data);
}
