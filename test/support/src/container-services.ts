import { GenericContainer, Network, Wait } from 'testcontainers';

/** Starts Kafka, Apicurio Registry and PostgreSQL in containers (for users with Docker) and returns the test env. */
export async function startContainerServices(): Promise<Record<string, string>> {
  const network = await new Network().start();
  const postgres = await new GenericContainer('postgres:15')
    .withNetwork(network)
    .withEnvironment({ POSTGRES_USER: 'rostering', POSTGRES_PASSWORD: 'rostering', POSTGRES_DB: 'rostering' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
    .start();
  const kafka = await new GenericContainer('apache/kafka:4.1.0')
    .withNetwork(network)
    .withExposedPorts({ container: 9092, host: 19092 })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://127.0.0.1:19092',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  const registry = await new GenericContainer('apicurio/apicurio-registry:3.0.9')
    .withNetwork(network)
    .withExposedPorts(8080)
    .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
    .start();
  return {
    KAFKA_BROKERS: `127.0.0.1:${kafka.getMappedPort(9092)}`,
    SCHEMA_REGISTRY_URL: `http://127.0.0.1:${registry.getMappedPort(8080)}/apis/ccompat/v7`,
    DATABASE_URL: `postgres://rostering:rostering@127.0.0.1:${postgres.getMappedPort(5432)}/rostering`,
  };
}
