// A private S3 bucket served by CloudFront: the static site of System 2 and
// the web app of Tasks and the Shop.
import { CfnOutput, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { ignoreLint, skipChecks } from "./checks.js";

export interface StaticSiteProps {
  /** A custom domain (e.g. www.example.com); needs `certificateArn`. */
  readonly domainName?: string;
  /** An ACM certificate in us-east-1 covering `domainName`. */
  readonly certificateArn?: string;
  /** Path patterns (e.g. `/api/*`) sent to an API origin instead of S3. */
  readonly api?: { readonly origin: cloudfront.IOrigin; readonly paths: string[] };
}

/** Paths without a file extension are the web app's routes: serve index.html. */
const SPA_FALLBACK = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) { request.uri = '/index.html'; }
  return request;
}`;

export class StaticSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: StaticSiteProps = {}) {
    super(scope, id);
    if (props.domainName && !props.certificateArn) {
      throw new Error("domainName needs certificateArn (an ACM certificate in us-east-1)");
    }

    // Access logs of the bucket and of CloudFront (CloudFront writes with ACLs).
    const logs = new s3.Bucket(this, "Logs", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [
        { expiration: Duration.days(90), noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    skipChecks(logs, {
      CKV_AWS_18: "This is the access-log bucket; logging it into itself would loop.",
    });
    ignoreLint(
      logs,
      ["W3045"],
      "CloudFront standard logging still writes through the log-delivery ACL.",
    );

    this.bucket = new s3.Bucket(this, "Bucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: "s3/",
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, "SecurityHeaders", {
      comment: "Feira: security headers on every response",
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy:
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
          override: true,
        },
      },
    });

    const spa = new cloudfront.Function(this, "SpaFallback", {
      code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: "Serve index.html for the web app's routes",
    });

    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    for (const path of props.api?.paths ?? []) {
      additionalBehaviors[path] = {
        origin: props.api!.origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: headers,
      };
    }

    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "Feira static site",
      defaultRootObject: "index.html",
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [
          { function: spa, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors,
      domainNames: props.domainName ? [props.domainName] : undefined,
      certificate: props.certificateArn
        ? acm.Certificate.fromCertificateArn(this, "Certificate", props.certificateArn)
        : undefined,
      minimumProtocolVersion: props.certificateArn
        ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021
        : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: "cloudfront/",
    });
    skipChecks(this.distribution, {
      CKV_AWS_68:
        "WAF is left to the operator (a web ACL costs per month); docs/aws.md says how to attach one.",
      CKV_AWS_174:
        "TLS 1.2 is set; without a custom domain CloudFront's default certificate is used, whose policy cannot be chosen.",
      CKV_AWS_310:
        "One origin per behaviour; an origin failover group needs a second region's bucket.",
      CKV_AWS_374: "Not restricted by country: the site is public.",
    });

    new CfnOutput(this, "BucketName", { value: this.bucket.bucketName });
    new CfnOutput(this, "DistributionId", { value: this.distribution.distributionId });
    new CfnOutput(this, "Url", {
      value: `https://${props.domainName ?? this.distribution.distributionDomainName}`,
    });
  }
}
