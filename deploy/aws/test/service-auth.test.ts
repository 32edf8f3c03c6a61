// Service identity on AWS (ADR 25): orders' client credentials at the
// Cognito pool, and the catalog's internal port open to orders alone.
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ShopStack } from "../lib/shop-stack.js";

const env = { region: "eu-west-1" };
const image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/feira:test";
let shop: Template;

beforeAll(() => {
  const app = new App();
  shop = Template.fromStack(new ShopStack(app, "Shop", { env, image, mailDomain: "example.org" }));
});

type Resource = { Type: string; Properties: Record<string, any> };

/** The one resource of `type` whose properties match `props`, with its logical id. */
function only(type: string, props: Record<string, unknown>): [string, Resource] {
  const found = Object.entries(shop.findResources(type, { Properties: props }));
  expect(found, `one ${type} like ${JSON.stringify(props)}`).toHaveLength(1);
  return found[0] as [string, Resource];
}

/** The task definition (logical id and container) that runs `feira serve <name>`. */
function serving(name: string): [string, Record<string, any>] {
  const found = Object.entries(shop.findResources("AWS::ECS::TaskDefinition")).filter(([, d]) =>
    String(d.Properties.ContainerDefinitions[0].Command?.[0]).endsWith(
      `exec feira serve ${name} --port 8080 --internal-port 8081`,
    ),
  );
  expect(found, `a task definition serving ${name}`).toHaveLength(1);
  return [found[0][0], found[0][1].Properties.ContainerDefinitions[0]];
}

/** The logical id of the security group of the service that runs `name`. */
function securityGroup(name: string): string {
  const [task] = serving(name);
  const [, service] = only("AWS::ECS::Service", { TaskDefinition: { Ref: task } });
  const groups = service.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups;
  expect(groups).toHaveLength(1);
  return groups[0]["Fn::GetAtt"][0];
}

/** Where traffic into `group` on `port` may come from (security group logical ids or CIDRs). */
function sourcesInto(group: string, port: number): string[] {
  const rules: Record<string, any>[] = [];
  for (const ingress of Object.values(shop.findResources("AWS::EC2::SecurityGroupIngress"))) {
    if (ingress.Properties.GroupId?.["Fn::GetAtt"]?.[0] === group) rules.push(ingress.Properties);
  }
  rules.push(
    ...(shop.findResources("AWS::EC2::SecurityGroup")[group].Properties.SecurityGroupIngress ?? []),
  );
  return rules
    .filter((r) => r.IpProtocol === "-1" || (r.FromPort <= port && port <= r.ToPort))
    .map((r) => r.SourceSecurityGroupId?.["Fn::GetAtt"]?.[0] ?? r.CidrIp ?? r.CidrIpv6)
    .sort();
}

describe("service identity on Cognito", () => {
  it("makes the catalog a resource server with the scopes of its internal routes", () => {
    const [, server] = only("AWS::Cognito::UserPoolResourceServer", { Identifier: "catalog" });
    const scopes = server.Properties.Scopes.map((s: { ScopeName: string }) => s.ScopeName).sort();
    expect(scopes).toEqual(["products", "reservations"]);
    // The token endpoint needs a domain on the same pool.
    shop.hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      UserPoolId: server.Properties.UserPoolId,
    });
  });

  it("gives orders an app client with a secret that may only use client credentials", () => {
    const [serverId] = only("AWS::Cognito::UserPoolResourceServer", { Identifier: "catalog" });
    const [, client] = only("AWS::Cognito::UserPoolClient", { GenerateSecret: true });
    expect(client.Properties.AllowedOAuthFlows).toEqual(["client_credentials"]);
    expect(client.Properties.AllowedOAuthScopes).toEqual([
      { "Fn::Join": ["", [{ Ref: serverId }, "/reservations"]] },
      { "Fn::Join": ["", [{ Ref: serverId }, "/products"]] },
    ]);
    // No user can sign in through it (Cognito's defaults would allow SRP).
    expect(client.Properties.ExplicitAuthFlows).toEqual(["ALLOW_REFRESH_TOKEN_AUTH"]);
    // The web app's client stays without a secret and without these scopes.
    const [, web] = only("AWS::Cognito::UserPoolClient", { GenerateSecret: false });
    expect(JSON.stringify(web.Properties.AllowedOAuthScopes)).not.toContain(serverId);
  });

  it("hands orders the token URL, its client id and the secret from Secrets Manager", () => {
    const [, orders] = serving("orders");
    const value = (name: string) =>
      orders.Environment.find((e: { Name: string }) => e.Name === name)?.Value;
    const [domainId] = only("AWS::Cognito::UserPoolDomain", {});
    expect(value("FEIRA_ORDERS__SERVICE_AUTH__TOKEN_URL")).toEqual({
      "Fn::Join": [
        "",
        ["https://", { Ref: domainId }, ".auth.eu-west-1.amazoncognito.com/oauth2/token"],
      ],
    });
    expect(value("FEIRA_ORDERS__SERVICE_AUTH__PROVIDER")).toBe("cognito");
    const [clientId] = only("AWS::Cognito::UserPoolClient", { GenerateSecret: true });
    expect(value("FEIRA_ORDERS__SERVICE_AUTH__CLIENT_ID")).toEqual({ Ref: clientId });

    // The secret is no plain variable: ECS reads it from Secrets Manager at start.
    const names = orders.Environment.map((e: { Name: string }) => e.Name);
    expect(names).not.toContain("FEIRA_ORDERS__SERVICE_AUTH__SECRET");
    expect(names).not.toContain("FEIRA_ORDERS__SERVICE_AUTH__SECRET_FILE");
    const secret = orders.Secrets.find(
      (s: { Name: string }) => s.Name === "FEIRA_ORDERS__SERVICE_AUTH__SECRET",
    );
    const secretId = secret?.ValueFrom?.Ref;
    expect(secretId, "a Secrets Manager secret").toBeDefined();
    // ... holding the app client's generated secret.
    const stored = shop.findResources("AWS::SecretsManager::Secret")[secretId];
    const [readerId, reader] = only("Custom::DescribeCognitoUserPoolClient", {});
    expect(JSON.stringify(reader.Properties.Create)).toContain(clientId);
    expect(stored.Properties.SecretString).toEqual({
      "Fn::GetAtt": [readerId, "UserPoolClient.ClientSecret"],
    });
    // Only orders is handed it.
    for (const name of ["catalog", "identity", "notifications"]) {
      expect(JSON.stringify(serving(name)[1])).not.toContain(secretId);
    }
  });

  it("lets only orders reach the catalog's internal port, and nobody identity's", () => {
    const orders = securityGroup("orders");
    expect(sourcesInto(securityGroup("catalog"), 8081)).toEqual([orders]);
    // Orders no longer asks identity for tokens; it still reads contacts on 8080.
    expect(sourcesInto(securityGroup("identity"), 8081)).toEqual([]);
    expect(sourcesInto(securityGroup("identity"), 8080)).toContain(orders);
  });

  it("takes the Cognito domain prefix from the props", () => {
    const custom = Template.fromStack(
      new ShopStack(new App(), "Custom", {
        env,
        image,
        mailDomain: "example.org",
        authDomainPrefix: "feira-auth-test",
      }),
    );
    custom.hasResourceProperties("AWS::Cognito::UserPoolDomain", { Domain: "feira-auth-test" });
    shop.hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      Domain: { "Fn::Join": ["", ["shop-", { Ref: "AWS::AccountId" }]] },
    });
  });
});
