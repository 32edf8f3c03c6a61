// Feira services on ECS Fargate behind one Application Load Balancer: the VPC,
// the cluster, one service per `feira serve <name>`, their logs, scaling,
// alarms and a dashboard.
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { defaultSecretKey, skipChecks } from "./checks.js";

/** The header CloudFront adds to every request it sends the load balancer. */
export const ORIGIN_HEADER = "X-Origin-Verify";

export interface ServicesProps {
  /** The Feira image, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/feira:1.0.0`. */
  readonly image: string;
  /** Tasks per service when idle, and at most under load. */
  readonly minTasks?: number;
  readonly maxTasks?: number;
  /**
   * Raise it to rotate the origin header's secret: a new number makes a new
   * secret, whose new ARN makes CloudFormation update CloudFront and every
   * listener rule with it (it resolves a dynamic reference only on update).
   */
  readonly originVerifyGeneration?: number;
}

export interface ServiceOptions {
  /** The argument of `feira serve`: tasks, catalog, identity, orders, notifications. */
  readonly name: string;
  /** ALB path patterns routed to this service (at most 4: a rule takes 5 values, one is the origin header). */
  readonly paths: string[];
  /** Listener rule priority, unique per load balancer. */
  readonly priority: number;
  readonly environment?: Record<string, string>;
  readonly secrets?: Record<string, ecs.Secret>;
  /**
   * A shell line run before `feira serve`, to compose settings from secrets
   * (e.g. a database URL from its user name and password).
   */
  readonly prelude?: string;
  /** A name other services reach this one by (Cloud Map). */
  readonly cloudMap?: ecs.CloudMapOptions;
}

export class Services extends Construct {
  readonly vpc: ec2.Vpc;
  readonly cluster: ecs.Cluster;
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly dashboard: cloudwatch.Dashboard;
  readonly logKey: kms.Key;
  /**
   * The value of `ORIGIN_HEADER` that CloudFront sends and every listener
   * rule requires: a dynamic reference to a generated secret, resolved by
   * CloudFormation at deploy time.
   */
  readonly originVerify: string;
  readonly services: ecs.FargateService[] = [];
  /** For one-off tasks (`aws ecs run-task`): database set-up, migrations. */
  readonly oneOffSecurityGroup: ec2.SecurityGroup;
  private readonly image: ecs.ContainerImage;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ServicesProps,
  ) {
    super(scope, id);
    this.image = ecs.ContainerImage.fromRegistry(props.image);

    this.logKey = new kms.Key(this, "LogKey", {
      description: "Feira: encrypts the services' CloudWatch logs",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logKey.grantEncryptDecrypt(
      new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`),
    );

    // Two zones; one NAT gateway keeps the bill down (docs/aws.md: cost).
    this.vpc = new ec2.Vpc(this, "Vpc", {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: "app", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
        { name: "data", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      flowLogs: {
        rejected: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(
            new logs.LogGroup(this, "FlowLogs", {
              retention: logs.RetentionDays.ONE_MONTH,
              encryptionKey: this.logKey,
              removalPolicy: RemovalPolicy.DESTROY,
            }),
          ),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });

    this.oneOffSecurityGroup = new ec2.SecurityGroup(this, "OneOff", {
      vpc: this.vpc,
      description: "Feira one-off tasks (database set-up, migrations)",
    });

    this.cluster = new ecs.Cluster(this, "Cluster", {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    const albLogs = new s3.Bucket(this, "AlbLogs", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [
        { expiration: Duration.days(90), noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    skipChecks(albLogs, {
      CKV_AWS_18: "This bucket holds access logs; logging it into itself would loop.",
    });

    // Only requests that came through this stack's CloudFront reach a
    // service: anyone else could write the X-Forwarded-For entry identity's
    // rate limit reads (ADR 33). No punctuation, so no `*` or `?`, which a
    // listener's header condition would take as wildcards.
    const generation = props.originVerifyGeneration ?? 1;
    const secretId = generation > 1 ? `OriginVerify${generation}` : "OriginVerify";
    const originSecret = new secretsmanager.Secret(this, secretId, {
      description: `Feira: the ${ORIGIN_HEADER} header CloudFront sends the load balancer`,
      generateSecretString: { excludePunctuation: true, passwordLength: 32 },
    });
    defaultSecretKey(originSecret);
    this.originVerify = originSecret.secretValue.unsafeUnwrap();

    this.alb = new elbv2.ApplicationLoadBalancer(this, "Alb", {
      vpc: this.vpc,
      internetFacing: true,
      dropInvalidHeaderFields: true,
      // Append the connecting address (CloudFront's edge) to X-Forwarded-For,
      // as identity's trusted_proxy_hops counts on (ADR 33).
      xffHeaderProcessingMode: elbv2.XffHeaderProcessingMode.APPEND,
    });
    this.alb.logAccessLogs(albLogs, "alb");
    // CloudFront is the front door; the ALB speaks HTTP to it (docs/aws.md
    // shows how to add an HTTPS listener with a certificate of your own).
    // Port 80 stays open to the internet, as CloudFront's addresses change:
    // a request without the origin header matches no rule and gets 403.
    this.listener = this.alb.addListener("Http", {
      port: 80,
      open: true,
      defaultAction: problem(403, "Forbidden"),
    });
    // Through CloudFront, a path no service serves is still a 404.
    this.listener.addAction("NotFound", {
      priority: 50000,
      conditions: [this.fromCloudFront()],
      action: problem(404, "Not Found"),
    });
    skipChecks(this.listener, {
      CKV_AWS_2:
        "Behind CloudFront, which terminates HTTPS; add a certificate to serve HTTPS here too.",
      CKV_AWS_103: "As above: TLS is terminated by CloudFront.",
    });
    skipChecks(this.alb.connections.securityGroups[0], {
      CKV_AWS_260:
        "CloudFront reaches the ALB on port 80 from changing addresses; the listener answers 403 to requests without CloudFront's origin header.",
    });
    skipChecks(this.alb, {
      CKV_AWS_150:
        "Deletion protection is off so that `cdk destroy` tears the stack down; turn it on for production.",
    });

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: `${Stack.of(this).stackName}-feira`,
    });
  }

  /** The listener condition every routed request meets: CloudFront's origin header. */
  private fromCloudFront(): elbv2.ListenerCondition {
    return elbv2.ListenerCondition.httpHeader(ORIGIN_HEADER, [this.originVerify]);
  }

  /** Runs `feira serve <name>` as a Fargate service behind the load balancer. */
  addService(options: ServiceOptions): ecs.FargateService {
    const { name } = options;
    if (options.paths.length > 4) {
      throw new Error(
        `${name}: at most 4 paths (a listener rule takes 5 values with the origin header)`,
      );
    }
    const logGroup = new logs.LogGroup(this, `${name}Logs`, {
      logGroupName: `/feira/${Stack.of(this).stackName}/${name}`,
      retention: logs.RetentionDays.ONE_MONTH,
      encryptionKey: this.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const task = new ecs.FargateTaskDefinition(this, `${name}Task`, {
      cpu: 512,
      memoryLimitMiB: 1024,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    // 8080: the public API behind the load balancer; 8081: the internal
    // listener (service-to-service routes and /metrics), never routed by it.
    const serve = `exec feira serve ${name} --port 8080 --internal-port 8081`;
    task.addContainer("feira", {
      image: this.image,
      entryPoint: ["/bin/sh", "-c"],
      command: [options.prelude ? `${options.prelude} && ${serve}` : serve],
      portMappings: [{ containerPort: 8080 }, { containerPort: 8081 }],
      environment: {
        FEIRA_ENV: "production",
        FEIRA_HTTP__HOST: "0.0.0.0",
        FEIRA_TELEMETRY__FORMAT: "json",
        ...options.environment,
      },
      secrets: options.secrets,
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: name }),
      readonlyRootFilesystem: true,
      user: "10001",
      healthCheck: {
        command: ["CMD", "curl", "-fsS", "http://127.0.0.1:8080/health"],
        interval: Duration.seconds(15),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
    });

    const service = new ecs.FargateService(this, `${name}Service`, {
      cluster: this.cluster,
      taskDefinition: task,
      desiredCount: this.props.minTasks ?? 2,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
      enableExecuteCommand: false,
      cloudMapOptions: options.cloudMap,
    });
    service.connections.allowFrom(this.alb, ec2.Port.tcp(8080), "from the load balancer");

    const target = new elbv2.ApplicationTargetGroup(this, `${name}Target`, {
      vpc: this.vpc,
      port: 8080,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      deregistrationDelay: Duration.seconds(30),
      // /ready answers 503 until the service's stores answer (ADR 0020).
      healthCheck: { path: "/ready", healthyHttpCodes: "200", interval: Duration.seconds(15) },
    });
    this.listener.addTargetGroups(`${name}Route`, {
      targetGroups: [target],
      priority: options.priority,
      conditions: [elbv2.ListenerCondition.pathPatterns(options.paths), this.fromCloudFront()],
    });

    const scaling = service.autoScaleTaskCount({
      minCapacity: this.props.minTasks ?? 2,
      maxCapacity: this.props.maxTasks ?? 6,
    });
    scaling.scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: 60 });
    scaling.scaleOnRequestCount("Requests", { requestsPerTarget: 1000, targetGroup: target });

    this.alarmsAndWidgets(name, target);
    this.services.push(service);
    return service;
  }

  private alarmsAndWidgets(name: string, target: elbv2.ApplicationTargetGroup): void {
    const m = target.metrics;
    const requests = m.requestCount({ period: Duration.minutes(5) });
    const errors = m.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
      period: Duration.minutes(5),
    });
    const errorRate = new cloudwatch.MathExpression({
      expression: "100 * errors / MAX([requests, 1])",
      usingMetrics: { errors, requests },
      label: `${name} 5xx %`,
      period: Duration.minutes(5),
    });
    const latency = m.targetResponseTime({ statistic: "p99", period: Duration.minutes(5) });
    const unhealthy = m.unhealthyHostCount({ period: Duration.minutes(1) });

    new cloudwatch.Alarm(this, `${name}5xxRate`, {
      alarmDescription: `${name}: more than 5% of responses are 5xx`,
      metric: errorRate,
      threshold: 5,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    new cloudwatch.Alarm(this, `${name}Latency`, {
      alarmDescription: `${name}: p99 latency above 1 s`,
      metric: latency,
      threshold: 1,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    new cloudwatch.Alarm(this, `${name}Unhealthy`, {
      alarmDescription: `${name}: a target failed its health checks`,
      metric: unhealthy,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${name}: requests and 5xx`,
        left: [requests, errors],
        width: 8,
      }),
      new cloudwatch.GraphWidget({ title: `${name}: p99 latency (s)`, left: [latency], width: 8 }),
      new cloudwatch.GraphWidget({
        title: `${name}: unhealthy targets`,
        left: [unhealthy],
        width: 8,
      }),
    );
  }
}

/** A fixed RFC 9457 problem answer of the listener. */
function problem(status: number, title: string): elbv2.ListenerAction {
  return elbv2.ListenerAction.fixedResponse(status, {
    contentType: "application/problem+json",
    messageBody: JSON.stringify({ type: "about:blank", title, status }),
  });
}
