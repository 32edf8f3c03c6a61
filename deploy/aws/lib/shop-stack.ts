// Feira Shop on AWS: catalog, identity, orders and notifications on ECS
// Fargate behind one ALB, on RDS PostgreSQL and DocumentDB, with Amazon MQ
// for RabbitMQ, SES for email and a Cognito user pool; the storefront on
// S3 + CloudFront.
import { CfnOutput, Fn, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import * as amazonmq from "aws-cdk-lib/aws-amazonmq";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as servicediscovery from "aws-cdk-lib/aws-servicediscovery";
import * as ses from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";
import { defaultSecretKey, skipChecks } from "./checks.js";
import { credentials, DocumentDb, Postgres, URL_UNSAFE } from "./data.js";
import { ServiceAuth } from "./service-auth.js";
import { Services } from "./services.js";
import { StaticSite } from "./static-site.js";
import { albOrigin, cognitoAuth, FeiraStackProps, addIdentity, userPool } from "./tasks-stack.js";

export interface ShopStackProps extends FeiraStackProps {
  /** The domain emails are sent from (verified in SES by the DNS records it outputs). */
  readonly mailDomain: string;
  /**
   * The Cognito domain prefix of the pool's token endpoint; default the
   * `authDomainPrefix` context value, else `<stack name>-<account id>`.
   */
  readonly authDomainPrefix?: string;
}

export class ShopStack extends Stack {
  constructor(scope: Construct, id: string, props: ShopStackProps) {
    super(scope, id, props);
    const services = new Services(this, "Services", {
      image: props.image,
      originVerifyGeneration: props.originVerifyGeneration,
    });
    // Service-to-service calls (orders → catalog, identity) by name.
    const namespace = new servicediscovery.PrivateDnsNamespace(this, "Internal", {
      name: "feira.internal",
      vpc: services.vpc,
    });
    const postgres = new Postgres(this, "Postgres", services.vpc, {
      multiAz: props.multiAz ?? true,
    });
    const docdb = new DocumentDb(this, "Db", services.vpc);
    const { pool, client } = userPool(this);
    skipChecks(pool, {
      CKV_AWS_366:
        "Advanced security (threat protection) is a paid Cognito tier; turn it on for production.",
    });
    const auth = cognitoAuth(this, pool, client);
    // Orders' service credential for the catalog: Cognito client credentials.
    const context = this.node.tryGetContext("authDomainPrefix") as string | undefined;
    const serviceAuth = new ServiceAuth(this, "ServiceAuth", {
      pool,
      domainPrefix: props.authDomainPrefix ?? (context || undefined),
    });

    // Amazon MQ for RabbitMQ, its user in Secrets Manager.
    const mqLogin = new secretsmanager.Secret(this, "BrokerLogin", {
      description: "Feira: the Amazon MQ (RabbitMQ) user",
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: "feira" }),
        generateStringKey: "password",
        excludeCharacters: URL_UNSAFE,
        passwordLength: 32,
      },
    });
    defaultSecretKey(mqLogin);
    const mqGroup = new ec2.SecurityGroup(this, "BrokerSecurity", {
      vpc: services.vpc,
      description: "Amazon MQ: AMQPS from the services only",
      allowAllOutbound: false,
    });
    const broker = new amazonmq.CfnBroker(this, "Broker", {
      brokerName: `${this.stackName}-bus`,
      engineType: "RABBITMQ",
      engineVersion: "3.13",
      autoMinorVersionUpgrade: true,
      hostInstanceType: "mq.t3.micro",
      deploymentMode: "SINGLE_INSTANCE",
      publiclyAccessible: false,
      subnetIds: [services.vpc.isolatedSubnets[0].subnetId],
      securityGroups: [mqGroup.securityGroupId],
      logs: { general: true },
      users: [
        {
          username: mqLogin.secretValueFromJson("username").unsafeUnwrap(),
          password: mqLogin.secretValueFromJson("password").unsafeUnwrap(),
        },
      ],
    });
    // amqps://b-….mq.<region>.amazonaws.com:5671 → the host and port.
    const mqEndpoint = Fn.select(1, Fn.split("//", Fn.select(0, broker.attrAmqpEndpoints)));
    const busUrl = 'export FEIRA_BUS__AMQP_URL="amqps://$MQ_USER:$MQ_PASSWORD@$MQ_ENDPOINT/%2f"';
    const mqSecrets = {
      MQ_USER: ecs.Secret.fromSecretsManager(mqLogin, "username"),
      MQ_PASSWORD: ecs.Secret.fromSecretsManager(mqLogin, "password"),
    };

    // SES: the sending domain, and SMTP credentials the operator creates
    // (docs/aws.md) and stores in this secret.
    const identity = new ses.EmailIdentity(this, "MailDomain", {
      identity: ses.Identity.domain(props.mailDomain),
    });
    const smtp = new secretsmanager.Secret(this, "SmtpLogin", {
      description: "Feira: SES SMTP user name and password (fill in after deploy, see docs/aws.md)",
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: "set-me" }),
        generateStringKey: "password",
      },
    });
    defaultSecretKey(smtp);

    const cloudMap = (name: string): ecs.CloudMapOptions => ({
      name,
      cloudMapNamespace: namespace,
      dnsRecordType: servicediscovery.DnsRecordType.A,
    });

    const catalog = services.addService({
      name: "catalog",
      paths: ["/api/catalog/*"],
      priority: 10,
      environment: { ...auth, FEIRA_CATALOG__STORE: "mongodb" },
      secrets: credentials(docdb.secret),
      prelude: DocumentDb.urlExport("FEIRA_CATALOG__MONGODB__URL"),
      cloudMap: cloudMap("catalog"),
    });
    const identityService = addIdentity(services, { pool, client }, postgres, cloudMap("identity"));
    const orders = services.addService({
      name: "orders",
      paths: ["/api/orders", "/api/orders/*"],
      priority: 30,
      environment: {
        ...auth,
        FEIRA_ORDERS__CATALOG_URL: "http://catalog.feira.internal:8081",
        FEIRA_ORDERS__IDENTITY_URL: "http://identity.feira.internal:8080",
        ...serviceAuth.ordersEnvironment(),
        MQ_ENDPOINT: mqEndpoint,
      },
      secrets: { ...credentials(postgres.secret), ...mqSecrets, ...serviceAuth.ordersSecrets() },
      prelude: `${Postgres.urlExport("FEIRA_ORDERS__POSTGRES__URL", "feira_orders")} && ${busUrl}`,
    });
    const notifications = services.addService({
      name: "notifications",
      paths: ["/api/notifications/*"],
      priority: 40,
      environment: {
        ...auth,
        MQ_ENDPOINT: mqEndpoint,
        FEIRA_NOTIFICATIONS__SMTP__HOST: `email-smtp.${this.region}.amazonaws.com`,
        FEIRA_NOTIFICATIONS__SMTP__PORT: "587",
        FEIRA_NOTIFICATIONS__SMTP__SECURITY: "starttls",
        FEIRA_NOTIFICATIONS__SMTP__FROM: `Feira <shop@${props.mailDomain}>`,
      },
      secrets: {
        ...credentials(postgres.secret),
        ...mqSecrets,
        FEIRA_NOTIFICATIONS__SMTP__USERNAME: ecs.Secret.fromSecretsManager(smtp, "username"),
        FEIRA_NOTIFICATIONS__SMTP__PASSWORD: ecs.Secret.fromSecretsManager(smtp, "password"),
      },
      prelude: `${Postgres.urlExport("FEIRA_NOTIFICATIONS__POSTGRES__URL", "feira_notifications")} && ${busUrl}`,
    });
    // Orders calls catalog and identity directly, inside the VPC; its
    // service tokens come from Cognito, not identity's internal port.
    catalog.connections.allowFrom(orders, ec2.Port.tcp(8081), "orders → catalog (internal)");
    identityService.connections.allowFrom(orders, ec2.Port.tcp(8080), "orders → identity");
    docdb.allowFrom(catalog);
    for (const service of [orders, notifications]) {
      postgres.allowFrom(service);
    }
    for (const service of [orders, notifications]) {
      mqGroup.addIngressRule(
        ec2.Peer.securityGroupId(service.connections.securityGroups[0].securityGroupId),
        ec2.Port.tcp(5671),
        "AMQPS from the services",
      );
    }
    // The SES identity only, for whoever sends through the SES API instead of SMTP.
    notifications.taskDefinition.taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["ses:SendEmail", "ses:SendRawEmail"],
        resources: [
          `arn:${this.partition}:ses:${this.region}:${this.account}:identity/${identity.emailIdentityName}`,
        ],
      }),
    );

    // One-off: create the three databases on a new instance (docs/aws.md).
    const init = new ecs.FargateTaskDefinition(this, "DbInitTask", {
      cpu: 256,
      memoryLimitMiB: 512,
    });
    init.addContainer("psql", {
      image: ecs.ContainerImage.fromRegistry("public.ecr.aws/docker/library/postgres:16-alpine"),
      entryPoint: ["/bin/sh", "-c"],
      command: [
        "for db in feira_identity feira_orders feira_notifications; do " +
          'PGPASSWORD="$DB_PASSWORD" psql "host=$DB_HOST port=$DB_PORT user=$DB_USER dbname=postgres sslmode=require" ' +
          "-tc \"SELECT 1 FROM pg_database WHERE datname = '$db'\" | grep -q 1 || " +
          'PGPASSWORD="$DB_PASSWORD" psql "host=$DB_HOST port=$DB_PORT user=$DB_USER dbname=postgres sslmode=require" -c "CREATE DATABASE $db"; done',
      ],
      secrets: credentials(postgres.secret),
      readonlyRootFilesystem: true,
      logging: ecs.LogDrivers.awsLogs({
        streamPrefix: "db-init",
        logGroup: new logs.LogGroup(this, "DbInitLogs", {
          retention: logs.RetentionDays.ONE_MONTH,
          encryptionKey: services.logKey,
        }),
      }),
    });
    postgres.allowFrom(services.oneOffSecurityGroup);

    const site = new StaticSite(this, "Web", {
      ...props.site,
      api: { origin: albOrigin(services), paths: ["/api/*", "/.well-known/*"] },
    });
    new CfnOutput(this, "UserPoolId", { value: pool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: client.userPoolClientId });
    new CfnOutput(this, "ServiceTokenUrl", { value: serviceAuth.tokenUrl });
    new CfnOutput(this, "OrdersClientId", { value: serviceAuth.ordersClient.userPoolClientId });
    new CfnOutput(this, "OrdersClientSecret", { value: serviceAuth.ordersSecret.secretArn });
    new CfnOutput(this, "LoadBalancer", { value: services.alb.loadBalancerDnsName });
    new CfnOutput(this, "WebBucket", { value: site.bucket.bucketName });
    new CfnOutput(this, "DbInitTaskArn", { value: init.taskDefinitionArn });
    new CfnOutput(this, "ClusterName", { value: services.cluster.clusterName });
    new CfnOutput(this, "OneOffSecurityGroup", {
      value: services.oneOffSecurityGroup.securityGroupId,
    });
    new CfnOutput(this, "AppSubnets", {
      value: services.vpc.privateSubnets.map((s) => s.subnetId).join(","),
    });
  }
}
