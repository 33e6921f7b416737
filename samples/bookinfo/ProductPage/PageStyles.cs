namespace GatewayMesh.Samples.Bookinfo.ProductPage;

/// <summary>The page's stylesheet: inlined into every page, and also served at <c>/static/bookinfo.css</c>.</summary>
public static class PageStyles
{
    public const string FileName = "bookinfo.css";

    public const string Css = """
        * { box-sizing: border-box; }
        body { margin: 0; font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; font-size: 15px; color: #333; background: #f5f5f5; }
        a { color: #2a6496; }
        .topbar { display: flex; align-items: center; justify-content: space-between; padding: 0 24px; height: 52px; background: #222; color: #eee; }
        .topbar .brand { font-size: 19px; font-weight: bold; color: #fff; text-decoration: none; }
        .topbar .user { display: flex; gap: 12px; align-items: center; }
        .button { display: inline-block; padding: 6px 14px; border-radius: 4px; background: #428bca; color: #fff; text-decoration: none; border: 0; font-size: 14px; cursor: pointer; }
        .button:hover { background: #3071a9; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px; }
        .summary { background: #fff; border-radius: 6px; padding: 20px 24px; margin-bottom: 24px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
        .summary h1 { margin: 0 0 10px; font-size: 28px; }
        .columns { display: flex; flex-wrap: wrap; gap: 24px; }
        .column { flex: 1 1 420px; background: #fff; border-radius: 6px; padding: 20px 24px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
        .column h2 { margin-top: 0; font-size: 21px; }
        table.details { border-collapse: collapse; width: 100%; }
        table.details th, table.details td { text-align: left; padding: 7px 10px; border-bottom: 1px solid #e5e5e5; }
        table.details th { width: 40%; color: #555; }
        blockquote { margin: 0 0 18px; padding: 10px 18px; border-left: 5px solid #ddd; background: #fafafa; }
        blockquote p { margin: 0 0 8px; font-size: 16px; }
        blockquote footer { color: #777; font-size: 14px; }
        .stars { font-size: 20px; letter-spacing: 2px; margin-top: 6px; }
        .star-black { color: #000; }
        .star-red { color: #c00; }
        .star-empty { color: #999; }
        .notice { padding: 12px 16px; border-radius: 4px; background: #fcf8e3; color: #8a6d3b; border: 1px solid #faebcc; }
        .served-by { margin-top: 12px; color: #777; font-size: 13px; }
        form.login { display: flex; flex-direction: column; gap: 14px; max-width: 320px; }
        form.login label { display: flex; flex-direction: column; gap: 4px; color: #555; font-weight: bold; font-size: 14px; }
        form.login input { padding: 8px 10px; font-size: 15px; font-weight: normal; border: 1px solid #ccc; border-radius: 4px; }
        form.login .button { align-self: flex-start; padding: 8px 20px; font-size: 15px; }
        """;
}
