// What the templates promise, checked on the synthesized CloudFormation.
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ShopStack } from "../lib/shop-stack.js";
import { StaticSiteStack } from "../lib/static-site-stack.js";
import { TasksStack } from "../lib/tasks-stack.js";

const env = { region: "eu-west-1" };
const image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/feira:test";
let site: Template;
let tasks: Template;
let shop: Template;

beforeAll(() => {
  const app = new App();
  const stacks = [
    new StaticSiteStack(app, "Site", { env }),
    new TasksStack(app, "Tasks", { env, image }),
    new ShopStack(app, "Shop", { env, image, mailDomain: "shop.example.org" }),
  ];
  [site, tasks, shop] = stacks.map((stack) => Template.fromStack(stack));
});

/** The container of the task definition that runs `feira serve <name>`. */
function container(template: Template, name: string) {
  const found = Object.values(template.findResources("AWS::ECS::TaskDefinition"))
    .map((d) => d.Properties.ContainerDefinitions[0])
    .find((c) =>
      String(c.Command?.[0]).endsWith(`exec feira serve ${name} --port 8080 --internal-port 8081`),
    );
  expect(found, `a task definition serving ${name}`).toBeDefined();
  return found;
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** Every IAM statement of a template, from policies and role inline policies. */
function statements(template: Template): Statement[] {
  const found: Statement[] = [];
  for (const policy of Object.values(template.findResources("AWS::IAM::Policy"))) {
    found.push(...policy.Properties.PolicyDocument.Statement);
  }
  for (const role of Object.values(template.findResources("AWS::IAM::Role"))) {
    for (const inline of role.Properties.Policies ?? [])
      found.push(...inline.PolicyDocument.Statement);
  }
  return found;
}

const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

describe("static site", () => {
  it("keeps the bucket private, encrypted and versioned", () => {
    site.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({}),
      VersioningConfiguration: { Status: "Enabled" },
      LoggingConfiguration: Match.objectLike({}),
    });
    // Every bucket, the log bucket too, blocks public access.
    for (const bucket of Object.values(site.findResources("AWS::S3::Bucket"))) {
      expect(bucket.Properties.PublicAccessBlockConfiguration.BlockPublicPolicy).toBe(true);
    }
  });

  it("serves through CloudFront with origin access control, HTTPS only", () => {
    site.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    site.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: "index.html",
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: "redirect-to-https" }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
    // Only CloudFront may read the bucket, and only over TLS.
    site.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
          Match.objectLike({
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
          }),
        ]),
      },
    });
  });

  it("sends security headers and falls back to index.html for app routes", () => {
    site.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000 }),
          FrameOptions: Match.objectLike({ FrameOption: "DENY" }),
          ContentTypeOptions: Match.objectLike({ Override: true }),
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'"),
          }),
        }),
      }),
    });
    site.hasResourceProperties("AWS::CloudFront::Function", {
      FunctionCode: Match.stringLikeRegexp("/index.html"),
    });
  });

  it("takes a custom domain with its certificate, and refuses one without", () => {
    const app = new App();
    const custom = Template.fromStack(
      new StaticSiteStack(app, "Custom", {
        env,
        domainName: "www.example.org",
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
      }),
    );
    custom.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        Aliases: ["www.example.org"],
        ViewerCertificate: Match.objectLike({
          MinimumProtocolVersion: "TLSv1.2_2021",
          SslSupportMethod: "sni-only",
        }),
      }),
    });
    expect(
      () => new StaticSiteStack(new App(), "NoCert", { env, domainName: "www.example.org" }),
    ).toThrow(/certificateArn/);
  });
});

describe("tasks", () => {
  it("runs feira serve tasks on Fargate behind the load balancer, checked on /ready", () => {
    tasks.hasResourceProperties("AWS::ECS::TaskDefinition", {
      RequiresCompatibilities: ["FARGATE"],
      ContainerDefinitions: [
        Match.objectLike({
          Image: image,
          Command: [
            Match.stringLikeRegexp("exec feira serve tasks --port 8080 --internal-port 8081$"),
          ],
          ReadonlyRootFilesystem: true,
          User: "10001",
        }),
      ],
    });
    tasks.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
      HealthCheckPath: "/ready",
      Port: 8080,
    });
    tasks.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", {
      Conditions: Match.arrayWith([
        Match.objectLike({ PathPatternConfig: { Values: ["/api/tasks", "/api/tasks/*"] } }),
      ]),
    });
    tasks.hasResourceProperties("AWS::ECS::Service", {
      LaunchType: "FARGATE",
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
  });

  it("scales on CPU and on requests per target", () => {
    tasks.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", {
      MinCapacity: 2,
      MaxCapacity: 6,
    });
    for (const metric of ["ECSServiceAverageCPUUtilization", "ALBRequestCountPerTarget"]) {
      tasks.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: metric }),
        }),
      });
    }
  });

  it("stores tasks in DocumentDB with TLS, encryption and the login in Secrets Manager", () => {
    tasks.hasResourceProperties("AWS::DocDB::DBClusterParameterGroup", {
      Parameters: Match.objectLike({ tls: "enabled" }),
    });
    tasks.hasResourceProperties("AWS::DocDB::DBCluster", {
      StorageEncrypted: true,
      MasterUserPassword: Match.objectLike({ "Fn::Join": Match.anyValue() }),
    });
    // The container gets the login from the secret, never in plain text.
    const serving = container(tasks, "tasks");
    expect(serving.Secrets.map((s: { Name: string }) => s.Name).sort()).toEqual([
      "DB_HOST",
      "DB_PASSWORD",
      "DB_PORT",
      "DB_USER",
    ]);
    expect(JSON.stringify(serving.Environment)).not.toMatch(/password/i);
    expect(serving.Command[0]).toMatch(/tls=true/);
  });

  it("signs in with a Cognito pool: password policy, email verification, an app client without secret", () => {
    tasks.hasResourceProperties("AWS::Cognito::UserPool", {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireUppercase: true,
          RequireNumbers: true,
        }),
      },
      AutoVerifiedAttributes: ["email"],
      UsernameAttributes: ["email"],
    });
    tasks.hasResourceProperties("AWS::Cognito::UserPoolClient", { GenerateSecret: false });
    const [definition] = Object.values(tasks.findResources("AWS::ECS::TaskDefinition"));
    const names = definition.Properties.ContainerDefinitions[0].Environment.map(
      (e: { Name: string }) => e.Name,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        "FEIRA_AUTH__ISSUER",
        "FEIRA_AUTH__AUDIENCE",
        "FEIRA_AUTH__JWKS_URL",
      ]),
    );
  });

  it("signs up and in through identity in front of the pool", () => {
    const env = container(tasks, "identity").Environment as { Name: string; Value: unknown }[];
    expect(env.find((e) => e.Name === "FEIRA_IDENTITY__PROVIDER")?.Value).toBe("cognito");
    tasks.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", {
      Conditions: Match.arrayWith([
        Match.objectLike({
          PathPatternConfig: { Values: ["/api/identity/*", "/.well-known/jwks.json"] },
        }),
      ]),
    });
  });

  it("limits logins per viewer: two proxies (CloudFront, the ALB) append to X-Forwarded-For", () => {
    for (const template of [tasks, shop]) {
      const env = container(template, "identity").Environment as { Name: string; Value: unknown }[];
      const value = (name: string) => env.find((e) => e.Name === name)?.Value;
      expect(value("FEIRA_IDENTITY__RATE_LIMITS__CLIENT_IP")).toBe("x_forwarded_for");
      expect(value("FEIRA_IDENTITY__RATE_LIMITS__TRUSTED_PROXY_HOPS")).toBe("2");
      template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
        LoadBalancerAttributes: Match.arrayWith([
          { Key: "routing.http.xff_header_processing.mode", Value: "append" },
        ]),
      });
    }
  });

  it("lets through the load balancer only what came through CloudFront (origin header)", () => {
    for (const template of [tasks, shop]) {
      // The header value: the generated secret, resolved at deploy time.
      const secrets = template.findResources("AWS::SecretsManager::Secret", {
        Properties: { Description: Match.stringLikeRegexp("X-Origin-Verify") },
      });
      expect(Object.keys(secrets)).toHaveLength(1);
      const [secretId] = Object.keys(secrets);
      expect(secrets[secretId].Properties.GenerateSecretString).toMatchObject({
        ExcludePunctuation: true,
        PasswordLength: 32,
      });
      const secret = (value: unknown) =>
        JSON.stringify(value).includes(`"Ref":"${secretId}"`) &&
        JSON.stringify(value).includes("resolve:secretsmanager:");

      // CloudFront's load-balancer origin sends it.
      const [distribution] = Object.values(template.findResources("AWS::CloudFront::Distribution"));
      const albOrigins = distribution.Properties.DistributionConfig.Origins.filter(
        (o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig,
      );
      expect(albOrigins).toHaveLength(1);
      const headers = albOrigins[0].OriginCustomHeaders as {
        HeaderName: string;
        HeaderValue: unknown;
      }[];
      expect(headers.map((h) => h.HeaderName)).toEqual(["X-Origin-Verify"]);
      expect(secret(headers[0].HeaderValue)).toBe(true);

      // Every rule requires it, and anything else is refused.
      const rules = Object.values(
        template.findResources("AWS::ElasticLoadBalancingV2::ListenerRule"),
      );
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        const header = rule.Properties.Conditions.find(
          (c: { Field: string }) => c.Field === "http-header",
        );
        expect(header?.HttpHeaderConfig.HttpHeaderName, JSON.stringify(rule)).toBe(
          "X-Origin-Verify",
        );
        expect(header.HttpHeaderConfig.Values).toHaveLength(1);
        expect(secret(header.HttpHeaderConfig.Values[0])).toBe(true);
      }
      template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
        Port: 80,
        DefaultActions: [
          {
            Type: "fixed-response",
            FixedResponseConfig: Match.objectLike({ StatusCode: "403" }),
          },
        ],
      });
      template.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", {
        Priority: 50000,
        Actions: [
          Match.objectLike({ FixedResponseConfig: Match.objectLike({ StatusCode: "404" }) }),
        ],
      });
    }
  });

  it("rotates the origin header's secret with a new generation, in CloudFront and the rules", () => {
    const rotated = Template.fromStack(
      new TasksStack(new App(), "Rotated", { env, image, originVerifyGeneration: 2 }),
    );
    const [secretId] = Object.keys(
      rotated.findResources("AWS::SecretsManager::Secret", {
        Properties: { Description: Match.stringLikeRegexp("X-Origin-Verify") },
      }),
    );
    expect(secretId).toMatch(/OriginVerify2/);
    const refs = JSON.stringify(rotated.toJSON()).split(`"Ref":"${secretId}"`).length - 1;
    // The distribution's origin and the three listener rules.
    expect(refs).toBe(4);
  });

  it("keeps logs with a retention, and alarms on 5xx rate, latency and unhealthy targets", () => {
    for (const group of Object.values(tasks.findResources("AWS::Logs::LogGroup"))) {
      expect(group.Properties.RetentionInDays).toBe(30);
      expect(group.Properties.KmsKeyId).toBeDefined();
    }
    const alarms = Object.values(tasks.findResources("AWS::CloudWatch::Alarm")).map(
      (a) => a.Properties.AlarmDescription as string,
    );
    expect(alarms).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/5xx/),
        expect.stringMatching(/p99 latency/),
        expect.stringMatching(/health checks/),
      ]),
    );
    tasks.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  });

  it("puts the web app on S3 + CloudFront and routes /api/* to the load balancer", () => {
    tasks.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({ PathPattern: "/api/*", ViewerProtocolPolicy: "https-only" }),
        ],
      }),
    });
  });
});

describe("shop", () => {
  it("runs catalog, identity, orders and notifications, each on its paths", () => {
    const commands = Object.values(shop.findResources("AWS::ECS::TaskDefinition")).map(
      (d) => d.Properties.ContainerDefinitions[0].Command?.[0] as string,
    );
    for (const name of ["catalog", "identity", "orders", "notifications"]) {
      expect(
        commands.some((c) =>
          c?.endsWith(`exec feira serve ${name} --port 8080 --internal-port 8081`),
        ),
      ).toBe(true);
    }
    shop.resourceCountIs("AWS::ECS::Service", 4);
    // One rule per service, and the 404 for other paths through CloudFront.
    shop.resourceCountIs("AWS::ElasticLoadBalancingV2::ListenerRule", 5);
  });

  it("uses RDS PostgreSQL, DocumentDB, Amazon MQ for RabbitMQ and SES", () => {
    shop.hasResourceProperties("AWS::RDS::DBInstance", {
      Engine: "postgres",
      StorageEncrypted: true,
      MultiAZ: true,
      PubliclyAccessible: false,
    });
    shop.hasResourceProperties("AWS::RDS::DBParameterGroup", {
      Parameters: Match.objectLike({ "rds.force_ssl": "1" }),
    });
    shop.resourceCountIs("AWS::DocDB::DBCluster", 1);
    shop.hasResourceProperties("AWS::AmazonMQ::Broker", {
      EngineType: "RABBITMQ",
      PubliclyAccessible: false,
    });
    shop.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: "shop.example.org" });
  });

  it("lets only the services that need a store reach it", () => {
    // PostgreSQL: identity, orders, notifications and the one-off tasks; DocumentDB: catalog.
    const ingress = Object.keys(shop.findResources("AWS::EC2::SecurityGroupIngress"));
    const into = (store: string) =>
      ingress
        .filter((id) => id.startsWith(store))
        .map((id) =>
          id.includes("OneOff")
            ? "one-off"
            : (id.match(/Services(\w+?)ServiceSecurityGroup/)?.[1] ?? id),
        )
        .sort();
    expect(into("PostgresInstance")).toEqual(["identity", "notifications", "one-off", "orders"]);
    expect(into("DbCluster")).toEqual(["catalog"]);
  });
});

describe("every stack", () => {
  it("grants no wildcard action on every resource", () => {
    for (const template of [site, tasks, shop]) {
      for (const statement of statements(template)) {
        if (statement.Effect !== "Allow") continue;
        const actions = asList(statement.Action);
        const everywhere = asList(statement.Resource as unknown).includes("*");
        const wildcard = actions.some((a) => a === "*" || a.endsWith(":*"));
        expect(everywhere && wildcard, JSON.stringify(statement)).toBe(false);
      }
    }
  });
});
