// The managed stores: DocumentDB (MongoDB API) and RDS PostgreSQL, each with
// its credentials in Secrets Manager, TLS on, and reachable from the services
// only. `url*` give the shell line that composes a Feira store URL from them.
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as docdb from "aws-cdk-lib/aws-docdb";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as rds from "aws-cdk-lib/aws-rds";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { defaultSecretKey, skipChecks } from "./checks.js";

/** Characters kept out of generated passwords, so they can sit in a URL unescaped. */
export const URL_UNSAFE = " \"#$%&'()*+,/:;<=>?@[\\]^`{|}~!";

/** Amazon's RDS/DocumentDB CA bundle, baked into the image (deploy/docker/Dockerfile). */
export const AWS_CA = "/etc/ssl/certs/rds-global-bundle.pem";

/** The secret's fields as environment variables DB_USER, DB_PASSWORD, DB_HOST, DB_PORT. */
export function credentials(secret: secretsmanager.ISecret): Record<string, ecs.Secret> {
  return {
    DB_USER: ecs.Secret.fromSecretsManager(secret, "username"),
    DB_PASSWORD: ecs.Secret.fromSecretsManager(secret, "password"),
    DB_HOST: ecs.Secret.fromSecretsManager(secret, "host"),
    DB_PORT: ecs.Secret.fromSecretsManager(secret, "port"),
  };
}

export class DocumentDb extends Construct {
  readonly cluster: docdb.DatabaseCluster;
  readonly secret: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, vpc: ec2.IVpc) {
    super(scope, id);
    const parameters = new docdb.ClusterParameterGroup(this, "Parameters", {
      family: "docdb5.0",
      description: "Feira: TLS required, audit logs on",
      parameters: { tls: "enabled", audit_logs: "enabled" },
    });
    this.cluster = new docdb.DatabaseCluster(this, "Cluster", {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      engineVersion: "5.0.0",
      instances: 1,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM),
      masterUser: { username: "feira", excludeCharacters: URL_UNSAFE },
      parameterGroup: parameters,
      storageEncrypted: true,
      backup: { retention: Duration.days(7) },
      exportAuditLogsToCloudWatch: true,
      exportProfilerLogsToCloudWatch: true,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    this.secret = this.cluster.secret!;
    defaultSecretKey(this.cluster.node.findChild("Secret"));
  }

  /** Lets the services' security groups reach the cluster. */
  allowFrom(peer: ec2.IConnectable): void {
    this.cluster.connections.allowDefaultPortFrom(peer);
  }

  /** `export VAR=mongodb://…` from DB_USER/DB_PASSWORD/DB_HOST/DB_PORT. */
  static urlExport(variable: string): string {
    return (
      `export ${variable}="mongodb://$DB_USER:$DB_PASSWORD@$DB_HOST:$DB_PORT/` +
      `?tls=true&tlsCAFile=${AWS_CA}&replicaSet=rs0&readPreference=secondaryPreferred&retryWrites=false"`
    );
  }
}

export class Postgres extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly secret: secretsmanager.ISecret;

  /** `database`: one made with the instance; more need the Shop's db-init task. */
  constructor(
    scope: Construct,
    id: string,
    vpc: ec2.IVpc,
    options: { multiAz: boolean; database?: string },
  ) {
    super(scope, id);
    const parameters = new rds.ParameterGroup(this, "Parameters", {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_9 }),
      description: "Feira: TLS required, statement logging for slow queries",
      parameters: { "rds.force_ssl": "1", log_min_duration_statement: "500" },
    });
    this.instance = new rds.DatabaseInstance(this, "Instance", {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_9 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      credentials: rds.Credentials.fromGeneratedSecret("feira", { excludeCharacters: URL_UNSAFE }),
      parameterGroup: parameters,
      multiAz: options.multiAz,
      databaseName: options.database,
      allocatedStorage: 20,
      maxAllocatedStorage: 100,
      storageEncrypted: true,
      backupRetention: Duration.days(7),
      cloudwatchLogsExports: ["postgresql"],
      enablePerformanceInsights: true,
      iamAuthentication: true,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    this.secret = this.instance.secret!;
    defaultSecretKey(this.instance.node.findChild("Secret"));
    skipChecks(this.instance, {
      CKV_AWS_293:
        "Deletion protection is off so that `cdk destroy` tears the stack down; a snapshot is kept (RemovalPolicy.SNAPSHOT).",
      CKV_AWS_118:
        "Enhanced monitoring costs extra; Performance Insights and the PostgreSQL log are on.",
    });
  }

  allowFrom(peer: ec2.IConnectable): void {
    this.instance.connections.allowDefaultPortFrom(peer);
  }

  /** `export VAR=postgres://…/database` from DB_USER/DB_PASSWORD/DB_HOST/DB_PORT. */
  static urlExport(variable: string, database: string): string {
    return (
      `export ${variable}="postgres://$DB_USER:$DB_PASSWORD@$DB_HOST:$DB_PORT/${database}` +
      `?sslmode=verify-full&sslrootcert=${AWS_CA}"`
    );
  }
}
